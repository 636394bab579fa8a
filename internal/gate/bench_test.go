package gate

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	fx "github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/ownership"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// gitCLI runs git in dir with a fixed identity; the benchmark's repository
// of 10,000 files is committed far faster by git than by go-git.
func gitCLI(b *testing.B, dir, name, email string, args ...string) {
	b.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME="+name, "GIT_AUTHOR_EMAIL="+email,
		"GIT_COMMITTER_NAME="+name, "GIT_COMMITTER_EMAIL="+email,
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// BenchmarkCheck10k is `pmgov check --base main` on the 10,010-document
// synthetic repository, committed on main, with one action plan changed
// by its center's leader on the branch checked out. Target on a 2-core
// machine: under 0.5 s.
func BenchmarkCheck10k(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatal("git is needed to build the benchmark repository")
		}
		b.Skip("git is not installed")
	}
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Spec{Centers: 100, DocsPerCenter: 99}); err != nil {
		b.Fatal(err)
	}
	asOf := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	co := ownership.CODEOWNERS(validate.Run(os.DirFS(dir), validate.Options{AsOf: asOf}).Repo)
	if err := os.MkdirAll(filepath.Join(dir, ".github"), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(ownership.CodeownersPath)), co, 0o644); err != nil {
		b.Fatal(err)
	}
	const secName, secEmail = "Sekretær Utvalg", "sekretar@example.org"
	gitCLI(b, dir, secName, secEmail, "init", "-q", "-b", "main")
	gitCLI(b, dir, secName, secEmail, "add", "-A")
	gitCLI(b, dir, secName, secEmail, "commit", "-q", "-m", "Governance data")
	gitCLI(b, dir, secName, secEmail, "checkout", "-q", "-b", "pr")
	changed := filepath.Join(dir, "centers", "c000", "action-plans", "2020.yaml")
	src, err := os.ReadFile(changed)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(changed, append(src, "# reviewed\n"...), 0o644); err != nil {
		b.Fatal(err)
	}
	gitCLI(b, dir, "Leder 0", "c000.leder@example.org", "commit", "-q", "-a", "-m", "Review the 2020 action plan")
	gitCLI(b, dir, secName, secEmail, "gc", "-q")

	// The garbage collector as cmd/pmgov sets it.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(160 << 20))
	b.ReportAllocs()
	cpu0 := fx.CPUTime()
	for b.Loop() {
		h, err := history.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Check(h, Options{Base: "main", Actor: "c000-leder", Validate: validate.Options{AsOf: asOf}})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Changed) != 1 || res.Failed() {
			b.Fatalf("changed %v, findings %v", res.Changed, res.Diags)
		}
		h.Close()
	}
	if cpu := fx.CPUTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
