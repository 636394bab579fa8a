package scaffold

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/load"
)

func TestEqualShares(t *testing.T) {
	if got := equalShares(3); !reflect.DeepEqual(got, []int{34, 33, 33}) {
		t.Errorf("equalShares(3) = %v, want [34 33 33]", got)
	}
	for n := 1; n <= 12; n++ {
		got := equalShares(n)
		sum, lo, hi := 0, 100, 0
		for _, s := range got {
			sum += s
			lo, hi = min(lo, s), max(hi, s)
		}
		if len(got) != n || sum != 100 || hi-lo > 1 {
			t.Errorf("equalShares(%d) = %v: want %d shares summing to 100, differing by at most 1", n, got, n)
		}
	}
	if equalShares(0) != nil {
		t.Error("equalShares(0) should be empty")
	}
}

// shares reads the share lines of a generated report.
func shares(t *testing.T, f *File) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(string(f.Content), "\n") {
		if s, ok := strings.CutPrefix(strings.TrimSpace(l), "share: "); ok {
			out = append(out, s)
		}
	}
	return out
}

func TestReportSharesSumTo100(t *testing.T) {
	fsys := baseFS(t, nil)
	center := string(fsys["centers/kre/center.yaml"].Data)
	center = strings.Replace(center, "  - {id: breast-cancer, name: Brystkreft}\n",
		"  - {id: breast-cancer, name: Brystkreft}\n  - {id: melanoma, name: Føflekkreft}\n", 1)
	fsys["centers/kre/center.yaml"] = &fstest.MapFile{Data: []byte(center)}
	f := generate(t, fsys, Request{Kind: doc.Report, Center: "kre", AsOf: date(t, "2025-09-15")})
	if got := shares(t, f); !reflect.DeepEqual(got, []string{"34", "33", "33"}) {
		t.Errorf("shares = %v, want [34 33 33]", got)
	}
	if !strings.Contains(string(f.Content), "    - group: melanoma\n      share: 33\n      rationale: \"FYLL INN:") {
		t.Errorf("each group has a share and a rationale placeholder:\n%s", f.Content)
	}
	var rationales int
	for _, td := range f.Todo {
		if td.Field == "rationale" {
			rationales++
		}
	}
	if rationales != 3 {
		t.Errorf("%d rationale todos, want 3: %+v", rationales, f.Todo)
	}
}

func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestReportPeriod(t *testing.T) {
	cases := []struct {
		name   string
		edits  map[string]string
		asOf   string
		period string
	}{
		// 2024-T3 and 2025-T1 have reports; 2025-T2 ended on 31 August.
		{"next after the reported ones", nil, "2025-09-15", "2025-T2"},
		// The earliest ended period of the term without a report wins.
		{"earliest missing", map[string]string{"centers/kre/reports/2024-T3.md": ""}, "2025-09-15", "2024-T3"},
		{"gap in the middle", map[string]string{"centers/kre/reports/2025-T1.md": ""}, "2026-01-10", "2025-T1"},
		// A term that starts today has no ended period: the latest ended one.
		{"term just started", map[string]string{"centers/kre/center.yaml": strings.Replace(baseFile(t, "centers/kre/center.yaml"),
			"  - {start: 2024-09-01, end: 2027-08-31, after_evaluation: term-1}\n",
			"  - {start: 2024-09-01, end: 2025-09-14, after_evaluation: term-1}\n  - {start: 2025-09-15, end: 2028-09-14}\n", 1)}, "2025-09-15", "2025-T2"},
		{"quarterly cadence", map[string]string{"governance.yaml": strings.Replace(baseFile(t, "governance.yaml"), "cadence: tertial", "cadence: quarterly", 1)}, "2025-02-10", "2024-Q3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := generate(t, baseFS(t, c.edits), Request{Kind: doc.Report, Center: "kre", AsOf: date(t, c.asOf)})
			want := "centers/kre/reports/" + c.period + ".md"
			if f.Path != want {
				t.Errorf("path = %s, want %s", f.Path, want)
			}
			if !strings.Contains(string(f.Content), "\nperiod: "+c.period+"\n") {
				t.Errorf("no period: %s in\n%s", c.period, f.Content)
			}
		})
	}
}

func baseFile(t *testing.T, p string) string {
	t.Helper()
	return string(baseFS(t, nil)[p].Data)
}

func TestReportEveryPeriodReported(t *testing.T) {
	// As of 2025-06-15 both ended periods of the term have reports.
	e := refusal(t, baseFS(t, nil), Request{Kind: doc.Report, Center: "kre"})
	if !e.Exists || !strings.Contains(e.Msg.NB, "centers/kre/reports/2025-T1.md") || !strings.Contains(e.Hint.NB, "--period 2025-T2") {
		t.Errorf("refusal = %+v, want the existing 2025-T1 report named and --period 2025-T2 suggested", e)
	}
}

func TestReportDerivedFields(t *testing.T) {
	f := generate(t, baseFS(t, nil), Request{Kind: doc.Report, Center: "kre", AsOf: date(t, "2025-09-15")})
	for _, want := range []string{
		"\nsubmitted: 2025-09-15\n", "\nauthor: kari.nordmann\n", "\naction_plan: 2025\n",
		"  - action: KRE-2025-01\n    status: in-progress\n",
		"  - action: KRE-2025-02\n    status: planned\n",
		"  - action: KRE-2025-05\n    status: planned\n",
	} {
		if !strings.Contains(string(f.Content), want) {
			t.Errorf("report lacks %q:\n%s", want, f.Content)
		}
	}
}

func TestReportRefusals(t *testing.T) {
	fsys := baseFS(t, nil)
	e := refusal(t, fsys, Request{Kind: doc.Report, Center: "kr"})
	if !strings.Contains(e.Msg.NB, `"kr"`) || !strings.Contains(e.Hint.NB, "Mente du kre?") || !strings.Contains(e.Hint.EN, "Did you mean kre?") {
		t.Errorf("unknown center: %+v", e)
	}
	e = refusal(t, fsys, Request{Kind: doc.Report, Center: "kre", Period: "2025-Q2"})
	if !strings.Contains(e.Msg.NB, "tertial") || !strings.Contains(e.Hint.NB, "2025-T2") {
		t.Errorf("period of another cadence: %+v", e)
	}
	e = refusal(t, fsys, Request{Kind: doc.Report, Center: "kre", Period: "2025-T4"})
	if !strings.Contains(e.Msg.EN, `"2025-T4"`) {
		t.Errorf("no such tertial: %+v", e)
	}
	e = refusal(t, fsys, Request{Kind: doc.Report})
	if !strings.Contains(e.Hint.NB, "gen, kre") {
		t.Errorf("no --center among several: %+v", e)
	}
	e = refusal(t, fsys, Request{Kind: doc.Report, Center: "kre", Period: "2025-T2", Author: "kari.nordman"})
	if !strings.Contains(e.Hint.NB, "Mente du kari.nordmann?") {
		t.Errorf("unknown author: %+v", e)
	}
}

func TestNextDecisionID(t *testing.T) {
	fsys := baseFS(t, nil)
	cases := []struct {
		date, want string
	}{
		{"2025-06-15", "PMU-2025-01"}, // none yet this year
		{"2024-09-01", "PMU-2024-06"}, // after PMU-2024-05; the gap 02–04 stays a gap
		{"2022-04-01", "PMU-2022-06"},
	}
	for _, c := range cases {
		f := generate(t, fsys, Request{Kind: doc.Decision, Date: c.date})
		if f.Path != "committee/decisions/"+c.want+".md" || !strings.Contains(string(f.Content), "\nid: "+c.want+"\n") {
			t.Errorf("decision on %s: %s, want %s", c.date, f.Path, c.want)
		}
	}
	// Three digits once the committee uses three.
	wide := baseFS(t, map[string]string{"committee/decisions/PMU-2024-105.md": "---\nid: PMU-2024-105\ndate: 2024-06-20\ntitle: T\ntype: other\n---\n"})
	if f := generate(t, wide, Request{Kind: doc.Decision, Date: "2024-12-01"}); f.Path != "committee/decisions/PMU-2024-106.md" {
		t.Errorf("after PMU-2024-105: %s", f.Path)
	}
}

func TestDecisionMeeting(t *testing.T) {
	meeting := "---\ndate: %s\ntitle: Møte\n---\n"
	fsys := baseFS(t, map[string]string{
		"committee/meetings/2025-09-10.md": strings.ReplaceAll(meeting, "%s", "2025-09-10"),
		"committee/meetings/2025-12-01.md": strings.ReplaceAll(meeting, "%s", "2025-12-01"),
	})
	f := generate(t, fsys, Request{Kind: doc.Decision, Center: "kre", Type: "approve-strategy"})
	for _, want := range []string{"\nmeeting: 2025-09-10\n", "\ndate: 2025-09-10\n", "\ntype: approve-strategy\n", "\ncenters: [kre]\n"} {
		if !strings.Contains(string(f.Content), want) {
			t.Errorf("decision lacks %q:\n%s", want, f.Content)
		}
	}
	// No meeting ahead: the as-of date, with a note to create the meeting.
	f = generate(t, baseFS(t, nil), Request{Kind: doc.Decision})
	if !strings.Contains(string(f.Content), "\nmeeting: 2025-06-15\n") || len(f.Notes) == 0 || !strings.Contains(f.Notes[0].NB, "pmgov new meeting --date 2025-06-15") {
		t.Errorf("decision without a meeting ahead:\n%s\nnotes %+v", f.Content, f.Notes)
	}
	e := refusal(t, fsys, Request{Kind: doc.Decision, Type: "aprove-strategy"})
	if !strings.Contains(e.Hint.NB, "Mente du approve-strategy?") {
		t.Errorf("bad type: %+v", e)
	}
	e = refusal(t, fsys, Request{Kind: doc.Decision, Date: "2025-02-30"})
	if !strings.Contains(e.Msg.NB, `"2025-02-30" er ikke en gyldig dato`) {
		t.Errorf("bad date: %+v", e)
	}
}

func TestActionPlanCarriesUnfinishedActions(t *testing.T) {
	plan := baseFile(t, "centers/kre/action-plans/2025.yaml")
	plan = strings.Replace(plan, "owner: kari.nordmann, due: 2025-12-31, status: in-progress}", "owner: kari.nordmann, due: 2025-12-31, status: done}", 1)
	plan = strings.Replace(plan, "tasks: [coordination, national-liaison], owner: kari.nordmann, due: 2025-12-31, status: planned}", "tasks: [coordination, national-liaison], owner: kari.nordmann, due: 2025-12-31, status: cancelled}", 1)
	plan = strings.Replace(plan, "status: planned}\n  - {id: KRE-2025-05", "status: delayed}\n  - {id: KRE-2025-05", 1)
	fsys := baseFS(t, map[string]string{"centers/kre/action-plans/2025.yaml": plan})
	f := generate(t, fsys, Request{Kind: doc.ActionPlan, Center: "kre", Year: 2026})
	if f.Path != "centers/kre/action-plans/2026.yaml" {
		t.Fatalf("path %s", f.Path)
	}
	got := string(f.Content)
	for _, want := range []string{
		"\nyear: 2026\n", "\nstrategy: strategy-2024-2027\n",
		"  # Videreført fra KRE-2025-03 i centers/kre/action-plans/2025.yaml.\n  - id: KRE-2026-01\n    title: \"Genpanel i lungeforløpet\"\n    goal: G2\n    tasks: [implementation]\n    pathways: [pf-lung]\n    owner: ola.nordmann\n    due: 2026-12-31\n    status: in-progress\n",
		"  - id: KRE-2026-02\n    title: \"Investeringsråd\"",
		"    status: delayed\n",
		"  - id: KRE-2026-03\n    title: \"Kurs\"",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("plan lacks %q:\n%s", want, got)
		}
	}
	for _, gone := range []string{"Forskning", "Koordinering", "KRE-2026-04"} {
		if strings.Contains(got, gone) {
			t.Errorf("plan has %q, which is done, cancelled or beyond the three unfinished:\n%s", gone, got)
		}
	}
}

func TestActionPlanWithoutPreviousYear(t *testing.T) {
	f := generate(t, baseFS(t, nil), Request{Kind: doc.ActionPlan, Center: "kre", Year: 2024 - 1})
	got := string(f.Content)
	if !strings.Contains(got, "  - id: KRE-2023-01\n    title: \"FYLL INN: tiltakets tittel\"\n") || len(f.Todo) != 1 {
		t.Errorf("a plan with nothing to carry has one placeholder action:\n%s\ntodo %+v", got, f.Todo)
	}
}

func TestEvaluationTerm(t *testing.T) {
	f := generate(t, baseFS(t, nil), Request{Kind: doc.Evaluation, Center: "kre"})
	if f.Path != "centers/kre/evaluations/term-2.md" {
		t.Errorf("term-1 is evaluated, so the next is term-2; got %s", f.Path)
	}
	f = generate(t, baseFS(t, map[string]string{"centers/kre/evaluations/term-1.md": ""}), Request{Kind: doc.Evaluation, Center: "kre"})
	if f.Path != "centers/kre/evaluations/term-1.md" || !strings.Contains(string(f.Content), "\ndecision: PMU-2024-05\n") {
		t.Errorf("term-1 with the uncited evaluation decision: %s\n%s", f.Path, f.Content)
	}
	two := strings.Replace(baseFile(t, "centers/kre/center.yaml"), "  - {start: 2024-09-01, end: 2027-08-31, after_evaluation: term-1, decision: PMU-2024-05}\n", "", 1)
	e := refusal(t, baseFS(t, map[string]string{"centers/kre/center.yaml": two}), Request{Kind: doc.Evaluation, Center: "kre"})
	if !strings.Contains(e.Msg.NB, "allerede evaluert") {
		t.Errorf("every term evaluated: %+v", e)
	}
}

func TestStrategyPeriod(t *testing.T) {
	// The current term runs 2024-09-01 … 2027-08-31.
	f := generate(t, baseFS(t, nil), Request{Kind: doc.Strategy, Center: "kre"})
	if f.Path != "centers/kre/strategy-2024-2027.md" || !strings.Contains(string(f.Content), "period:\n  start: 2024-01-01\n  end: 2027-12-31\n") {
		t.Errorf("strategy: %s\n%s", f.Path, f.Content)
	}
	f = generate(t, baseFS(t, nil), Request{Kind: doc.Strategy, Center: "kre", Period: "2028-2030"})
	if f.Path != "centers/kre/strategy-2028-2030.md" {
		t.Errorf("--period 2028-2030: %s", f.Path)
	}
	// One goal per focus area, so the focus-areas rule holds from the start.
	for _, a := range []string{"research", "strategy", "coordination", "implementation"} {
		if !strings.Contains(string(f.Content), "focus_areas: ["+a+"]") {
			t.Errorf("no goal for %s", a)
		}
	}
	e := refusal(t, baseFS(t, nil), Request{Kind: doc.Strategy, Center: "kre", Period: "2030-2028"})
	if !strings.Contains(e.Msg.NB, "strategiperiode") {
		t.Errorf("backwards period: %+v", e)
	}
}

func TestCenter(t *testing.T) {
	fsys := baseFS(t, nil)
	f := generate(t, fsys, Request{Kind: doc.Center, Theme: "infectious-diseases", AnchorUnit: "MED", Leader: "ola.nordmann", Start: "2024-02-29"})
	got := string(f.Content)
	for _, want := range []string{
		"# yaml-language-server: $schema=../../schemas/center.schema.json\n",
		"\nid: med\n", "\nkind: treatment\n", "\nmandate: treatment-centers\n", "\ntheme: infectious-diseases\n",
		"\nstatus: proposed\n", "\nanchor_unit: MED\n", "\nleader: ola.nordmann\n",
		"\nterms:\n  - start: 2024-02-29\n    end: 2027-02-28\n", // three years less a day
		"\nboard:\n  - person: ola.nordmann\n    role: leader\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("center lacks %q:\n%s", want, got)
		}
	}
	// The theme and anchor unit come from the mandate's initial centers.
	mandate := strings.Replace(baseFile(t, "committee/mandates/treatment-centers.yaml"),
		"  - {theme: cancer, anchor_unit: KRE}\n", "  - {theme: cancer, anchor_unit: KRE}\n  - {theme: infectious-diseases, anchor_unit: MED}\n", 1)
	f = generate(t, baseFS(t, map[string]string{"committee/mandates/treatment-centers.yaml": mandate}), Request{Kind: doc.Center})
	if f.Path != "centers/med/center.yaml" || !strings.Contains(string(f.Content), "\ntheme: infectious-diseases\n") {
		t.Errorf("derived center: %s\n%s", f.Path, f.Content)
	}
	e := refusal(t, fsys, Request{Kind: doc.Center, ID: "kre", AnchorUnit: "KRE"})
	if !e.Exists {
		t.Errorf("existing center: %+v", e)
	}
	e = refusal(t, fsys, Request{Kind: doc.Center, ID: "ny", AnchorUnit: "KRX"})
	if !strings.Contains(e.Hint.NB, "Mente du KRE?") {
		t.Errorf("unknown unit: %+v", e)
	}
	e = refusal(t, fsys, Request{Kind: doc.Center, ID: "Nytt Senter", AnchorUnit: "KRE"})
	if !strings.Contains(e.Hint.NB, "nytt-senter") {
		t.Errorf("bad id: %+v", e)
	}
	e = refusal(t, fsys, Request{Kind: doc.Center, ID: "ny", AnchorUnit: "KRE", Theme: "kreft"})
	if !strings.Contains(e.Hint.EN, "cancer, infectious-diseases, rare-diseases") {
		t.Errorf("unknown theme: %+v", e)
	}
}

func TestAdvice(t *testing.T) {
	f := generate(t, baseFS(t, nil), Request{Kind: doc.Advice, Center: "kre", Title: "Sekvensering: mer kapasitet på Ullevål #2"})
	if f.Path != "centers/kre/advice/2025-06-15-sekvensering-mer-kapasitet-pa-ulleval-2.md" {
		t.Errorf("path %s", f.Path)
	}
	if !strings.Contains(string(f.Content), "\ntitle: \"Sekvensering: mer kapasitet på Ullevål #2\"\n") {
		t.Errorf("the title is quoted so its colon and hash survive:\n%s", f.Content)
	}
	e := refusal(t, baseFS(t, nil), Request{Kind: doc.Advice, Center: "kre"})
	if !strings.Contains(e.Hint.NB, "--title") {
		t.Errorf("advice without title or slug: %+v", e)
	}
	e = refusal(t, baseFS(t, nil), Request{Kind: doc.Advice, Center: "kre", Slug: "x", Priority: "urgent"})
	if !strings.Contains(e.Hint.NB, "high, medium, low") {
		t.Errorf("bad priority: %+v", e)
	}
}

func TestMeeting(t *testing.T) {
	f := generate(t, baseFS(t, nil), Request{Kind: doc.Meeting, Date: "2024-06-20", Title: "Ekstra møte"})
	for _, want := range []string{"\ndate: 2024-06-20\n", "\nattendees: [per.hansen, kari.nordmann, lise.berg]\n", "\ndecisions: [PMU-2024-01, PMU-2024-05]\n"} {
		if !strings.Contains(string(f.Content), want) {
			t.Errorf("meeting lacks %q:\n%s", want, f.Content)
		}
	}
}

// TestEveryKindLoads writes every kind, in the populated repository and in
// one with nothing but the required files, a mandate and the center, and
// checks that no file is broken: no syntax, schema, unknown-file or
// id-mismatch diagnostic.
func TestEveryKindLoads(t *testing.T) {
	minimal := baseFS(t, nil)
	for p := range minimal {
		switch {
		case p == "governance.yaml", p == "org/units.yaml", p == "org/people.yaml",
			p == "committee/committee.yaml", p == "committee/mandates/treatment-centers.yaml":
		default:
			delete(minimal, p)
		}
	}
	center := generate(t, minimal, Request{Kind: doc.Center, AnchorUnit: "KRE", Leader: "kari.nordmann", Start: "2024-01-01"})
	minimal[center.Path] = &fstest.MapFile{Data: center.Content}

	requests := []Request{
		{Kind: doc.Center, ID: "ny", AnchorUnit: "MED", Theme: "rare-diseases"},
		{Kind: doc.Center, ID: "tek", CenterKind: "technology", AnchorUnit: "KLM"},
		{Kind: doc.Strategy, Center: "kre", Period: "2030-2032"},
		{Kind: doc.ActionPlan, Center: "kre", Year: 2026},
		{Kind: doc.Report, Center: "kre", Period: "2025-T2"},
		{Kind: doc.Decision, Type: "waiver", Center: "kre", Rule: "board-competence"},
		{Kind: doc.Meeting, Date: "2025-09-10"},
		{Kind: doc.Advice, Center: "kre", Slug: "utstyr"},
		{Kind: doc.Evaluation, Center: "kre", Term: 3},
	}
	for name, fsys := range map[string]fstest.MapFS{"populated": baseFS(t, nil), "minimal": minimal} {
		for _, r := range requests {
			if r.Kind == doc.Center && name == "minimal" && r.ID == "ny" {
				r.AnchorUnit = "KRE" // the minimal line has the same units
			}
			f := generate(t, fsys, r)
			if k, _, _, ok := load.Classify(f.Path); !ok || k != r.Kind {
				t.Errorf("%s: %s classifies as %q, want %s", name, f.Path, k, r.Kind)
			}
			for _, d := range structural(t, fsys, f) {
				t.Errorf("%s: new %s: %s: %s [%s]\n%s", name, r.Kind, d.Pos, d.Message.EN, d.Rule, f.Content)
			}
		}
	}
	// The center generated into the minimal repository is itself clean.
	for _, d := range structural(t, minimal, center) {
		t.Errorf("minimal center: %s: %s [%s]", d.Pos, d.Message.EN, d.Rule)
	}
}

func TestWriteNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	f := &File{Path: "centers/kre/reports/2025-T2.md", Kind: doc.Report, Content: []byte("---\nperiod: 2025-T2\n---\n")}
	if err := Write(dir, f); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dir, "centers", "kre", "reports", "2025-T2.md")
	if b, err := os.ReadFile(full); err != nil || string(b) != string(f.Content) {
		t.Fatalf("written %q, %v", b, err)
	}
	again := &File{Path: f.Path, Kind: doc.Report, Content: []byte("other")}
	err := Write(dir, again)
	e, ok := err.(*Error)
	if !ok || !e.Exists || !strings.Contains(e.Msg.NB, f.Path) {
		t.Fatalf("second write: %v, want an Exists refusal naming the file", err)
	}
	if b, _ := os.ReadFile(full); string(b) != string(f.Content) {
		t.Errorf("the existing file changed to %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(full))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// TestTextSurvivesQuoting writes titles that would break a hand-written
// YAML file and reads them back unchanged.
func TestTextSurvivesQuoting(t *testing.T) {
	fsys := baseFS(t, nil)
	for _, title := range []string{
		`Sekvensering: fase 2`, `"Sitat" og 'apostrof'`, `# ikke en kommentar`, `---`,
		`a\b`, `yes`, `2025`, `- liste`, `{flyt: kart}`, "emoji 🧬 og æøå", "  ledende mellomrom",
		"\u2028skille", `'`, `!tag`, `&anker`, `*alias`, `%`, `@`, "`",
	} {
		f := generate(t, fsys, Request{Kind: doc.Decision, Title: title})
		res := load.Load(fstest.MapFS{f.Path: &fstest.MapFile{Data: f.Content}})
		if len(res.Docs) != 1 || res.Docs[0].Root == nil {
			t.Errorf("title %q: the decision does not load:\n%s", title, f.Content)
			continue
		}
		if got := res.Docs[0].Root.Get("title"); got == nil || got.Value != title {
			t.Errorf("title %q read back as %+v", title, got)
		}
	}
}

// TestSchemaLine checks that every file names its schema by a path that,
// resolved from the file's folder, is the kind's schema in schemas/: a
// modeline in YAML (editors read it), a comment in Markdown front matter.
func TestSchemaLine(t *testing.T) {
	fsys := baseFS(t, nil)
	for _, r := range []Request{
		{Kind: doc.Center, ID: "ny", AnchorUnit: "MED"},
		{Kind: doc.Strategy, Center: "kre", Period: "2030-2032"},
		{Kind: doc.ActionPlan, Center: "kre", Year: 2026},
		{Kind: doc.Report, Center: "kre", Period: "2025-T2"},
		{Kind: doc.Decision},
		{Kind: doc.Meeting},
		{Kind: doc.Advice, Center: "kre", Slug: "x"},
		{Kind: doc.Evaluation, Center: "kre"},
	} {
		f := generate(t, fsys, r)
		lines := strings.SplitN(string(f.Content), "\n", 3)
		var ref string
		if strings.HasSuffix(f.Path, ".yaml") {
			ref, _ = strings.CutPrefix(lines[0], "# yaml-language-server: $schema=")
		} else if lines[0] == "---" {
			if _, rest, ok := strings.Cut(lines[1], "beskrevet i "); ok {
				ref, _, _ = strings.Cut(rest, " ")
			}
		}
		if ref == "" {
			t.Errorf("%s: no schema line at the top:\n%s", f.Path, f.Content)
			continue
		}
		resolved := filepath.ToSlash(filepath.Join(filepath.Dir(f.Path), ref))
		if resolved != "schemas/"+string(r.Kind)+".schema.json" {
			t.Errorf("%s: schema reference %s resolves to %s", f.Path, ref, resolved)
		}
		if _, err := os.Stat(filepath.Join("..", "..", resolved)); err != nil {
			t.Errorf("%s: %v", f.Path, err)
		}
	}
}

func TestControlCharactersRefused(t *testing.T) {
	for _, title := range []string{"linje 1\nlinje 2", "tab\there", "\xec"} {
		e := refusal(t, baseFS(t, nil), Request{Kind: doc.Decision, Title: title})
		if !strings.Contains(e.Msg.EN, "--title") {
			t.Errorf("title %q: %+v", title, e)
		}
	}
}
