package history

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// The benchmark repository: 5,000 commits over about 500 files, with side
// branches merged back, generated once per test binary run.
var bench struct {
	once sync.Once
	dir  string
	head plumbing.Hash
	gen  time.Duration
	err  error
	keep bool
}

var benchOptions = genOptions{Commits: 5000, Files: 500, Seed: 1, Branch: true, Skew: true, Delta: true}

func benchRepo(tb testing.TB) string {
	tb.Helper()
	bench.once.Do(func() {
		// PMGOV_BENCH_REPO keeps the generated repository between runs
		// (and lets git be timed on it from the shell).
		if keep := os.Getenv("PMGOV_BENCH_REPO"); keep != "" {
			bench.keep = true
			bench.dir = keep
			if _, err := os.Stat(keep); err == nil {
				return
			}
		} else if bench.dir, bench.err = os.MkdirTemp("", "pmgov-history-bench-"); bench.err != nil {
			return
		}
		start := time.Now()
		bench.head, bench.err = generate(bench.dir, benchOptions)
		bench.gen = time.Since(start)
	})
	if bench.err != nil {
		tb.Fatal(bench.err)
	}
	return bench.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dir != "" && !bench.keep {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// BenchmarkLastChanges attributes every file of the benchmark repository,
// opening the repository each time as the command line does.
func BenchmarkLastChanges(b *testing.B) {
	dir := benchRepo(b)
	b.ResetTimer()
	cpu := cpuTime(false)
	for b.Loop() {
		h, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		m, err := h.LastChanges("HEAD")
		if err != nil || len(m) < 400 {
			b.Fatalf("%d files, %v", len(m), err)
		}
		h.Close()
	}
	b.ReportMetric(float64(cpuTime(false)-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkGitLog is the reference: git itself listing every commit's
// changed files over the same repository.
func BenchmarkGitLog(b *testing.B) {
	dir := benchRepo(b)
	git := needGit(b)
	b.ResetTimer()
	cpu := cpuTime(true)
	for b.Loop() {
		cmd := exec.Command(git, "-C", dir, "log", "--name-only", "--format=%H%x00%ct")
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime(true)-cpu)/float64(b.N), "cpu-ns/op")
}

// TestNaivePerFile measures what the walk avoids: one go-git log per file,
// on a small sample, extrapolated to all files. It is slow, so it runs only
// when PMGOV_NAIVE=1.
func TestNaivePerFile(t *testing.T) {
	if os.Getenv("PMGOV_NAIVE") != "1" {
		t.Skip("set PMGOV_NAIVE=1 to measure the per-file approach")
	}
	dir := benchRepo(t)
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, dir)
	want, err := h.LastChanges("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for f := range want {
		files = append(files, f)
		if len(files) == 3 {
			break
		}
	}
	start := time.Now()
	for _, f := range files {
		iter, err := repo.Log(&git.LogOptions{FileName: &f})
		if err != nil {
			t.Fatal(err)
		}
		c, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		iter.Close()
		if c.Hash.String() != want[f].Hash {
			t.Logf("%s: go-git log says %s, the walk %s", f, c.Hash, want[f].Hash)
		}
	}
	per := time.Since(start) / time.Duration(len(files))
	t.Logf("per-file go-git log: %v per file, about %v for all %d files", per, per*time.Duration(len(want)), len(want))
}

// BenchmarkChangedFiles is the pull-request gate's git part: the merge base
// and the files changed since, here for the last commit of a long history.
func BenchmarkChangedFiles(b *testing.B) {
	dir := benchRepo(b)
	h := openRepo(b, dir)
	b.ResetTimer()
	for b.Loop() {
		files, err := h.ChangedFiles("HEAD~1")
		if err != nil || len(files) == 0 {
			b.Fatalf("%q, %v", files, err)
		}
	}
}

// BenchmarkRecentChanges lists the ten latest changes of every center folder
// of the benchmark repository, as the site's center pages need them.
func BenchmarkRecentChanges(b *testing.B) {
	dir := benchRepo(b)
	var folders []string
	for i := range benchOptions.Files / 10 {
		folders = append(folders, fmt.Sprintf("centers/c%03d", i))
	}
	b.ResetTimer()
	for b.Loop() {
		h, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		m, err := h.RecentChanges("HEAD", folders, 10)
		if err != nil || len(m) != len(folders) || len(m[folders[0]]) != 10 {
			b.Fatalf("%d folders, %v", len(m), err)
		}
		h.Close()
	}
}
