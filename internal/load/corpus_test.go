package load

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// The bad-input corpus: each testdata/bad/*.txtar archive holds the files of
// a small repository and, in its comment, what loading it must give. Comment
// lines:
//
//	# free text            what the case is about
//	want RULE FILE:L:C     a diagnostic that must be reported (all of them, and no others)
//	hint TEXT              every diagnostic's English hint contains TEXT (the fix)
//	docs N                 how many documents must load
//	node FILE PATH L:C     the value at PATH (keys and indexes joined by "/") sits at L:C
//	key FILE PATH L:C      the key at the end of PATH sits at L:C
//	bodyline FILE N        the Markdown body starts on line N
//	quoted FILE            FILE's text is a Go string literal (for BOMs, CRLF, bad bytes)
//	symlink FILE TARGET    FILE is a symbolic link to TARGET
//	mkdir DIR              DIR is an (empty) folder
//	unreadable FILE        opening FILE fails with "permission denied"
type corpusCase struct {
	want       []string
	hints      []string
	docs       int // -1: not checked
	nodes      [][4]string
	bodyLines  map[string]int
	quoted     map[string]bool
	symlinks   [][2]string
	dirs       []string
	unreadable map[string]bool
}

func parseCase(t *testing.T, comment []byte) corpusCase {
	t.Helper()
	c := corpusCase{docs: -1, bodyLines: map[string]int{}, quoted: map[string]bool{}, unreadable: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(comment))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		bad := func() { t.Fatalf("bad corpus directive %q", sc.Text()) }
		switch f[0] {
		case "want":
			if len(f) != 3 {
				bad()
			}
			c.want = append(c.want, f[1]+" "+f[2])
		case "hint":
			if len(f) < 2 {
				bad()
			}
			c.hints = append(c.hints, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "hint")))
		case "docs":
			n, err := strconv.Atoi(f[len(f)-1])
			if len(f) != 2 || err != nil {
				bad()
			}
			c.docs = n
		case "node", "key":
			if len(f) != 4 {
				bad()
			}
			c.nodes = append(c.nodes, [4]string{f[0], f[1], f[2], f[3]})
		case "bodyline":
			n, err := strconv.Atoi(f[len(f)-1])
			if len(f) != 3 || err != nil {
				bad()
			}
			c.bodyLines[f[1]] = n
		case "quoted":
			c.quoted[f[1]] = true
		case "symlink":
			if len(f) != 3 {
				bad()
			}
			c.symlinks = append(c.symlinks, [2]string{f[1], f[2]})
		case "mkdir":
			c.dirs = append(c.dirs, f[1])
		case "unreadable":
			c.unreadable[f[1]] = true
		default:
			bad()
		}
	}
	return c
}

// failOpen makes opening some files fail the way an unreadable file does.
// Tests run as root in CI, where chmod 000 does not stop a read, so this is
// how the unreadable path is proved. It keeps the links of the FS it wraps.
type failOpen struct {
	fs.FS
	fail map[string]bool
}

func (f failOpen) Open(name string) (fs.File, error) {
	if f.fail[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.FS.Open(name)
}

func (f failOpen) ReadLink(name string) (string, error) { return fs.ReadLink(f.FS, name) }

func (f failOpen) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(f.FS, name) }

// loadBounded loads fsys and fails the test when loading takes longer than
// limit: the loader must never hang.
func loadBounded(t *testing.T, fsys fs.FS, limit time.Duration) *Result {
	t.Helper()
	done := make(chan *Result, 1)
	go func() { done <- Load(fsys) }()
	select {
	case r := <-done:
		return r
	case <-time.After(limit):
		t.Fatalf("Load did not finish within %v", limit)
		return nil
	}
}

// gotDiags formats the diagnostics as "rule file:line:col", sorted.
func gotDiags(res *Result) []string {
	var got []string
	for _, d := range res.Diags {
		got = append(got, fmt.Sprintf("%s %s:%d:%d", d.Rule, d.Pos.File, d.Pos.Line, d.Pos.Col))
	}
	slices.Sort(got)
	return got
}

func TestBadInputCorpus(t *testing.T) {
	archives, err := filepath.Glob("testdata/bad/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(archives) < 35 {
		t.Fatalf("the corpus has %d cases; it must have at least 35", len(archives))
	}
	for _, file := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c := parseCase(t, ar.Comment)
			dir := t.TempDir()
			for _, f := range ar.Files {
				data := f.Data
				if c.quoted[f.Name] {
					s, err := strconv.Unquote(strings.TrimSpace(string(data)))
					if err != nil {
						t.Fatalf("%s: not a Go string literal: %v", f.Name, err)
					}
					data = []byte(s)
				}
				writeFile(t, dir, f.Name, data)
			}
			for _, d := range c.dirs {
				if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, l := range c.symlinks {
				p := filepath.Join(dir, l[0])
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(l[1], p); err != nil {
					t.Fatal(err)
				}
			}
			// Every case is read through os.DirFS and through Dir, whose
			// reads take another way; a case that needs a file to fail to
			// open only the first.
			systems := map[string]fs.FS{"os.DirFS": failOpen{os.DirFS(dir), c.unreadable}}
			if len(c.unreadable) == 0 {
				systems["Dir"] = Dir(dir)
			}
			for name, fsys := range systems {
				t.Run(name, func(t *testing.T) { checkCase(t, c, loadBounded(t, fsys, 10*time.Second)) })
			}
		})
	}
}

func checkCase(t *testing.T, c corpusCase, res *Result) {
	t.Helper()
	want := slices.Clone(c.want)
	slices.Sort(want)
	if got := gotDiags(res); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n got  %q\n want %q\n%s", got, want, describeDiags(res.Diags))
	}
	for _, d := range res.Diags {
		if d.Message.NB == "" || d.Message.EN == "" || d.Hint.NB == "" || d.Hint.EN == "" {
			t.Errorf("%s: message or hint missing a language: %+v", d.Pos, d)
		}
		if strings.Contains(d.Message.NB+d.Message.EN+d.Hint.NB+d.Hint.EN, "%!") {
			t.Errorf("%s: badly formatted text: %+v", d.Pos, d)
		}
		for _, h := range c.hints {
			if !strings.Contains(d.Hint.EN, h) {
				t.Errorf("%s: the hint %q does not say %q", d.Pos, d.Hint.EN, h)
			}
		}
	}
	if c.docs >= 0 && len(res.Docs) != c.docs {
		t.Errorf("loaded %d documents, want %d", len(res.Docs), c.docs)
	}
	for _, n := range c.nodes {
		checkNode(t, res, n)
	}
	for f, line := range c.bodyLines {
		d := findDoc(res, f)
		if d == nil {
			t.Errorf("%s did not load", f)
		} else if d.BodyLine != line {
			t.Errorf("%s: body starts on line %d, want %d", f, d.BodyLine, line)
		}
	}
}

func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func describeDiags(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "  %s %s: %s\n", d.Rule, d.Pos, d.Message.EN)
	}
	return b.String()
}

func findDoc(res *Result, path string) *doc.Document {
	for _, d := range res.Docs {
		if d.Path == path {
			return d
		}
	}
	return nil
}

// checkNode asserts the position of a value ("node") or key ("key").
func checkNode(t *testing.T, res *Result, n [4]string) {
	t.Helper()
	d := findDoc(res, n[1])
	if d == nil {
		t.Errorf("%s did not load", n[1])
		return
	}
	var steps []string
	if n[2] != "." {
		steps = strings.Split(n[2], "/")
	}
	v, k, ok := d.Root.Lookup(steps)
	if !ok {
		t.Errorf("%s: no value at %s", n[1], n[2])
		return
	}
	if n[0] == "key" {
		v = k
	}
	if v == nil {
		t.Errorf("%s: no %s at %s", n[1], n[0], n[2])
		return
	}
	if got := fmt.Sprintf("%d:%d", v.Line, v.Col); got != n[3] {
		t.Errorf("%s: %s %s at %s, want %s", n[1], n[0], n[2], got, n[3])
	}
}

// TestUnreadableFileOnDisk proves the unreadable path with real file
// permissions where they apply. As root they do not, and the corpus case
// "unreadable" proves the same path through a failing fs.FS instead.
func TestUnreadableFileOnDisk(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "governance.yaml", []byte("organisation: OUS\n"))
	p := filepath.Join(dir, "governance.yaml")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(p, 0o644) })
	if _, err := os.ReadFile(p); !errors.Is(err, fs.ErrPermission) {
		t.Skip("file permissions do not stop this user (root) from reading; the corpus case \"unreadable\" covers this path")
	}
	res := Load(os.DirFS(dir))
	if got, want := gotDiags(res), []string{"syntax governance.yaml:1:1"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
