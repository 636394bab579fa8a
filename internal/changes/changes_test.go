package changes

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

func state(fsys fstest.MapFS) State {
	res := validate.Run(fsys, validate.Options{AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	return State{Repo: res.Repo, Diags: res.Diags}
}

func TestDiff(t *testing.T) {
	spec := synth.Spec{Centers: 2, DocsPerCenter: 12}
	old := synth.MapFS(spec)
	new := synth.MapFS(spec)
	edit := func(path, from, to string) {
		t.Helper()
		b := new[path].Data
		if !bytes.Contains(b, []byte(from)) {
			t.Fatalf("%s lacks %q", path, from)
		}
		new[path] = &fstest.MapFile{Data: bytes.Replace(b, []byte(from), []byte(to), 1)}
	}
	// A new leader (who is on the board), an action closed, a decision added.
	edit("centers/c000/center.yaml", "leader: c000.leder", "leader: c000.medlem")
	edit("centers/c001/action-plans/2026.yaml", "status: in-progress", "status: done")
	new["committee/decisions/PMU-2021-09.md"] = &fstest.MapFile{Data: []byte("---\nid: PMU-2021-09\ndate: 2021-06-10\nmeeting: 2021-06-10\ntitle: Ny leder for c000\ntype: other\n---\nVedtatt.\n")}

	got := Diff(state(old), state(new))
	want := map[Kind]string{
		Leader:        "c000: new center leader c000.medlem (was c000.leder)",
		ActionStatus:  `c001: action C001-2026-01 "Tiltak 1" is now done (was in-progress)`,
		DecisionAdded: "new decision PMU-2021-09 (other): Ny leder for c000",
	}
	found := map[Kind]bool{}
	for _, c := range got {
		if w, ok := want[c.Kind]; ok && c.Text.In(diag.EN) == w {
			found[c.Kind] = true
		}
	}
	for k, w := range want {
		if !found[k] {
			t.Errorf("missing %s change %q; got:", k, w)
			for _, c := range got {
				t.Logf("  %s %s: %s", c.Kind, c.Center, c.Text.EN)
			}
		}
	}
	// The new leader is on the board but now the board's leader role
	// disagrees: the finding is reported as opened, said in words with the
	// rule's plain title; the file is the change's File, not in its text.
	var opened bool
	for _, c := range got {
		if c.Kind == FindingOpened && c.Center == "c000" {
			opened = true
			titled := false
			for _, r := range rules.All {
				titled = titled || strings.HasPrefix(c.Text.EN, "new finding: ") && strings.HasSuffix(c.Text.EN, " ("+r.ID+": "+r.Summary.EN+")") &&
					strings.HasPrefix(c.Text.NB, "nytt funn: ") && strings.HasSuffix(c.Text.NB, " ("+r.ID+": "+r.Summary.NB+")")
			}
			if !titled {
				t.Errorf("the opened finding reads %q / %q, not in words with its rule's title", c.Text.NB, c.Text.EN)
			}
			if strings.Contains(c.Text.EN, "centers/") || c.File != "centers/c000/center.yaml" {
				t.Errorf("the opened finding's file: text %q, File %q", c.Text.EN, c.File)
			}
		}
	}
	if !opened {
		t.Error("the leader finding the change introduced is not reported as opened")
	}
	if len(Diff(state(old), state(old))) != 0 {
		t.Error("a state compared with itself has changes")
	}
}
