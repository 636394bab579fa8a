package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// workflow is the part of a GitHub Actions workflow the test runs.
type workflow struct {
	Jobs map[string]struct {
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			Dir  string            `yaml:"working-directory"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// need finds a program the test runs; in CI its absence fails the test.
func need(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is needed and not installed: %v", name, err)
		}
		t.Skipf("%s is not installed", name)
	}
}

// TestWorkflowGateIsBuiltFromTheBase runs the gate job of
// .github/workflows/governance.yml, step by step as a runner would, on a
// pull request that patches internal/gate so that nothing ever fails, and
// changes a center's file as an outsider. The gate the workflow builds from
// the base refuses both; the same check built from the pull request's own
// tree (the old workflow) would have passed it.
func TestWorkflowGateIsBuiltFromTheBase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds pmgov twice")
	}
	for _, p := range []string{"git", "bash", "go"} {
		need(t, p)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, ".github/workflows/governance.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatal(err)
	}
	job, ok := wf.Jobs["gate"]
	if !ok {
		t.Fatal("the workflow has no gate job")
	}

	// The repository: this module's sources and governance data, committed
	// on main by a maintainer.
	tmp := t.TempDir()
	work, runnerTemp, bin := filepath.Join(tmp, "work"), filepath.Join(tmp, "runner"), filepath.Join(tmp, "bin")
	for _, d := range []string{work, runnerTemp, bin} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copySources(t, root, work)
	git := func(env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	as := func(name, email string) []string {
		return []string{"GIT_AUTHOR_NAME=" + name, "GIT_AUTHOR_EMAIL=" + email, "GIT_COMMITTER_NAME=" + name, "GIT_COMMITTER_EMAIL=" + email}
	}
	jon := as("Jon Jacobsen", "jon.jacobsen@example.org")
	git(nil, "init", "-q", "-b", "main")
	git(nil, "add", "-A")
	git(jon, "commit", "-q", "-m", "Styringsdata og verktøy")
	baseSHA := git(nil, "rev-parse", "HEAD")

	// The pull request, by the rare-disease center's leader: a gate that
	// never fails, and a change to the cancer center's file.
	anne := as("Anne Johansen", "anne.johansen@example.org")
	git(nil, "checkout", "-q", "-b", "pr")
	patch(t, filepath.Join(work, "internal/gate/gate.go"), "func (r *Result) Failed() bool {\n", "func (r *Result) Failed() bool {\n\treturn false\n")
	patch(t, filepath.Join(work, "centers/kre/center.yaml"), "short_name: SEPREK\n", "short_name: SEPREK-OUS\n")
	git(anne, "commit", "-q", "-am", "Enklere kontroll")
	headSHA := git(nil, "rev-parse", "HEAD")
	git(nil, "checkout", "-q", "--detach", headSHA) // actions/checkout of the head

	// gh stands in for GitHub's API: the kre leader approved the head.
	reviews := `[{"id": 1, "user": {"login": "kari-nordmann"}, "state": "APPROVED", "commit_id": "` + headSHA + `", "submitted_at": "2026-12-01T10:00:00Z"}]`
	gh := "#!/bin/sh\n" +
		"[ \"$*\" = 'api --paginate repos/ous-pm/governance/pulls/7/reviews' ] || { echo \"gh: unexpected call: $*\" >&2; exit 1; }\n" +
		"[ -n \"$GH_TOKEN\" ] || { echo 'gh: no token' >&2; exit 1; }\n" +
		"cat <<'EOF'\n" + reviews + "\nEOF\n"
	if err := os.WriteFile(filepath.Join(bin, "gh"), []byte(gh), 0o755); err != nil {
		t.Fatal(err)
	}

	ctx := map[string]string{
		"github.event.pull_request.base.sha":   baseSHA,
		"github.event.pull_request.head.sha":   headSHA,
		"github.event.pull_request.number":     "7",
		"github.event.pull_request.user.login": "anne-johansen",
		"github.repository":                    "ous-pm/governance",
		"github.token":                         "test-token",
		"runner.temp":                          runnerTemp,
	}
	env := append(os.Environ(), "RUNNER_TEMP="+runnerTemp, "GITHUB_WORKSPACE="+work, "CI=true",
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		// Whoever started the run (the kre leader, say, re-running it)
		// is not the author, and the workflow must not take it for one.
		"GITHUB_ACTOR=kari-nordmann")
	var gateOut string
	ran := 0
	for _, st := range job.Steps {
		if st.Uses != "" {
			continue // checkout and setup-go: done above, and Go is on PATH
		}
		dir := work
		if st.Dir != "" {
			dir = expand(t, st.Dir, ctx)
		}
		stepEnv := append([]string(nil), env...)
		for k, v := range st.Env {
			stepEnv = append(stepEnv, k+"="+expand(t, v, ctx))
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(t, st.Run, ctx))
		cmd.Dir, cmd.Env = dir, stepEnv
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		ran++
		if st.Name == "Pull-request gate" {
			gateOut = stdout.String()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Fatalf("the gate built from the base did not fail with findings (exit 1): %v\nstdout:\n%s\nstderr:\n%s", err, gateOut, stderr.String())
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %q: %v\nstdout:\n%s\nstderr:\n%s", st.Name, err, stdout.String(), stderr.String())
		}
	}
	if ran < 4 || gateOut == "" {
		t.Fatalf("ran %d steps; the gate step did not run", ran)
	}
	if !strings.Contains(gateOut, "::error file=internal/gate/gate.go,title=ownership::") {
		t.Errorf("the patch of internal/gate was not refused for the maintainers:\n%s", gateOut)
	}
	if strings.Contains(gateOut, "file=centers/kre/center.yaml,title=ownership") {
		t.Errorf("the kre leader's approval of the head did not count for kre's file:\n%s", gateOut)
	}

	// The control: the same check, built from the pull request's own tree
	// as the workflow used to, passes the pull request.
	build := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(runnerTemp, "pr-pmgov"), "./cmd/pmgov")
	build.Dir, build.Env = work, env
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the pull request's pmgov: %v\n%s", err, out)
	}
	check := exec.Command(filepath.Join(runnerTemp, "pr-pmgov"), "check", "--base", baseSHA, "--actor", "anne-johansen", "--format", "github")
	check.Dir, check.Env = work, env
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("the control failed, so the test proves nothing: the pull request's own gate should pass itself: %v\n%s", err, out)
	}
}

var expr = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// expand replaces each ${{ name }} by its value in ctx; an expression the
// test does not know fails it, so that the workflow and the test move
// together.
func expand(t *testing.T, s string, ctx map[string]string) string {
	t.Helper()
	return expr.ReplaceAllStringFunc(s, func(m string) string {
		name := expr.FindStringSubmatch(m)[1]
		v, ok := ctx[name]
		if !ok {
			t.Fatalf("the workflow uses ${{ %s }}, which the test does not provide", name)
		}
		return v
	})
}

// copySources copies the files git tracks under root, and new ones it does
// not ignore, that a build of pmgov
// and its governance data need: no tests, test data or screenshots.
func copySources(t *testing.T, root, dst string) {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if strings.HasSuffix(f, "_test.go") || strings.Contains(f, "testdata/") || strings.HasPrefix(f, "docs/screenshots/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, f))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the work tree, not yet in the index
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dst, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func patch(t *testing.T, path, from, to string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(b, []byte(from)) {
		t.Fatalf("%s lacks %q (%v)", path, from, err)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(from), []byte(to), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}
