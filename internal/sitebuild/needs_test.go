package sitebuild

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/validate"
)

// committeeDay is the day of the trial: a committee member reads
// the report 29 days before the 2027 action plans are due.
var committeeDay = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)

// defaultContent is the repository's own data validated as of
// committeeDay, with its forecast.
var defaultContent = sync.OnceValues(func() (*validate.Result, *forecast.Forecast) {
	res := validate.Run(os.DirFS("../.."), validate.Options{AsOf: committeeDay})
	return res, forecast.Judge(res, forecast.Options{AsOf: committeeDay})
})

// TestNeedsDecision: as of 2026-12-03 the default content has no open
// error, but what needs a decision is not "none": the forecast errors of
// every treatment center (the 2027 action plans, the 2026-T3 reports),
// each with its rule in plain words and a link to the center page, in
// the report (Markdown and the site's page) and on the dashboard.
func TestNeedsDecision(t *testing.T) {
	res, f := defaultContent()
	for _, lang := range []diag.Lang{diag.NB, diag.EN} {
		md, err := ReportMarkdown(res, Options{AsOf: committeeDay, Langs: []diag.Lang{lang}, Forecast: f})
		if err != nil {
			t.Fatal(err)
		}
		s := string(md)
		decisions := s[strings.Index(s, "\n## "+map[diag.Lang]string{diag.NB: "Dette trenger vedtak", diag.EN: "What needs a decision"}[lang]):]
		decisions = decisions[:strings.Index(decisions[4:], "\n## ")+4]
		if lang == diag.NB {
			contains(t, "report.md (nb)", decisions,
				"Prognosen ser fram til 2027-03-03 (90 dager).",
				"### Senter for presisjonsmedisin innen kreft",
				"- **kommer**: kre mangler handlingsplan for 2027 fra 1. januar 2027 (action-plan-current: en handlingsplan dekker året",
				"- **kommer**: kre mangler statusrapporten for 2026-T3 (frist 2027-01-30) fra 31. januar 2027 (status-report: ",
				"- **kommer**: inf mangler handlingsplan for 2027 fra 1. januar 2027",
				"- **kommer**: bar mangler statusrapporten for 2026-T3 (frist 2027-01-30) fra 31. januar 2027")
		} else {
			contains(t, "report.md (en)", decisions,
				"The forecast looks ahead to 2027-03-03 (90 days).",
				"- **coming**: kre has no action plan for 2027 from 1 January 2027 (action-plan-current: an action plan covers the as-of year")
		}
		if strings.Contains(decisions, "\n"+map[diag.Lang]string{diag.NB: "Ingen.", diag.EN: "None."}[lang]+"\n") {
			t.Errorf("%s: what needs a decision says none:\n%s", lang, decisions)
		}
	}

	dir := buildSite(t, res, Options{AsOf: committeeDay, Forecast: f})
	report := readFile(t, dir, "report.html")
	contains(t, "report.html", report,
		`<h3><a href="centers/kre.html">Senter for presisjonsmedisin innen kreft</a></h3>`,
		`<span class="badge need-forecast">kommer</span> kre mangler handlingsplan for 2027 fra 1. januar 2027 <span class="muted">(<a href="rules.html#rule-action-plan-current">action-plan-current</a>: en handlingsplan dekker året`,
		`<h2 id="coming">Det som kommer</h2>`, `<td data-label="Fra" class="date">2027-01-31</td>`)
	index := readFile(t, dir, "index.html")
	contains(t, "index.html", index,
		`<h2 id="decisions">Dette trenger vedtak</h2>`, `<a href="report.html#decisions">`,
		`<h3><a href="centers/inf.html">`, `kre mangler statusrapporten for 2026-T3 (frist 2027-01-30) fra 31. januar 2027`)
	contains(t, "en/index.html", readFile(t, dir, "en/index.html"), "kre has no action plan for 2027 from 1 January 2027")
}

// TestNeedsDecisionItems: the items a decision is needed for beside the
// findings: a waiver that expires within the horizon and an evaluation
// falling due, as of 2027-03-15 (the waiver ends on 31 March, the second
// terms' evaluations are due by 31 August), and the decisions' own
// deadlines for the committee.
func TestNeedsDecisionItems(t *testing.T) {
	asOf := time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)
	res := validate.Run(os.DirFS("../.."), validate.Options{AsOf: asOf})
	f := forecast.Judge(res, forecast.Options{AsOf: asOf, Days: 60})
	md, err := ReportMarkdown(res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, Forecast: f})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md", string(md),
		"- **waiver expires**: inf: the waiver of the rule investment-advice (decision PMU-2026-01) holds up to and including 31 March 2027 (investment-advice: ",
		"- **coming**: inf has given the line no investment advice in the last 12 months from 1 April 2027",
		"- **evaluation**: kre: term 2 is to be evaluated by 2027-08-31 (evaluation-due: ",
		"### The PM committee\n\n- **deadline**: Evalueringsgruppen leverer evalueringen av sentrenes andre periode (decision PMU-2026-03), due 1 May 2027",
		"| 2027-04-01 | inf | warning: inf is no longer exempt from the rule investment-advice (decision PMU-2026-01) from 1 April 2027 | waiver – a finding waived by a committee decision (rule, center, expiry); an expired waiver silences nothing |")
}

// TestAgenda drafts the agenda from the default content: as of 2026-12-03
// (no meeting planned) one item per decision needed, numbered after the
// opening items; for the meeting of 2026-10-13, as of 2026-10-01, the
// centers' T2 reports since the meeting of 2026-06-09 and the follow-up
// PMU-2026-02 set for 1 July 2026.
func TestAgenda(t *testing.T) {
	res, f := defaultContent()
	md, err := AgendaMarkdown(res, Options{AsOf: committeeDay, Langs: []diag.Lang{diag.NB}, Forecast: f})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "agenda.md", string(md),
		"# Utkast til dagsorden for PM-utvalgets møte (neste møte, ikke fastsatt)",
		"## 2. Godkjenning av protokoll fra møtet 2026-10-13\n",
		"## 3. Senter for presisjonsmedisin innen sjeldne sykdommer: frist som kommer\n\n- kommer: bar mangler handlingsplan for 2027 fra 1. januar 2027\n",
		"## 8. Senter for presisjonsmedisin innen kreft: frist som kommer\n\n- kommer: kre mangler statusrapporten for 2026-T3 (frist 2027-01-30) fra 31. januar 2027\n",
		"## 9. Sentrenes statusrapporter siden møtet 2026-10-13\n\nIngen.\n",
		"## 11. Eventuelt\n")

	asOf := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	early := validate.Run(os.DirFS("../.."), validate.Options{AsOf: asOf})
	ef := forecast.Judge(early, forecast.Options{AsOf: asOf})
	md, err = AgendaMarkdown(early, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, Forecast: ef})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "agenda.md (2026-10-13)", string(md),
		"# Draft agenda for the PM committee's meeting on 2026-10-13",
		"Status as of: 2026-10-01 · Previous meeting: 2026-06-09",
		"- Senter for presisjonsmedisin innen kreft: 2026-T2 (submitted 2026-09-22)\n",
		"- Utvalgets leder oversender innspillet til Helse Sør-Øst (decision PMU-2026-02), due 1 July 2026 (done 2026-06-26) – responsible: Randi Berg\n")

	dir := buildSite(t, res, Options{AsOf: committeeDay, Forecast: f})
	page := readFile(t, dir, "agenda.html")
	contains(t, "agenda.html", page,
		`<h2 id="item-3">3. Senter for presisjonsmedisin innen sjeldne sykdommer: frist som kommer</h2>`,
		`kre mangler handlingsplan for 2027 fra 1. januar 2027 – <a href="centers/kre.html">`,
		`<a href="rules.html#rule-action-plan-current">action-plan-current</a>`,
		`<a href="committee/meetings/2026-10-13.html">2026-10-13</a>`)
	contains(t, "en/agenda.html", readFile(t, dir, "en/agenda.html"), "kre has no action plan for 2027 from 1 January 2027")
}

// TestNeedsApprovals: on the fixture, the items the committee is to
// approve: a proposed center and its internal organisation, a strategy and
// an organisation whose approving decisions are dated after the as-of day,
// and an action plan for a year not yet begun; each leaves the list once
// its decision is in force or its year has begun.
func TestNeedsApprovals(t *testing.T) {
	fsys := fixture.BaseWith(map[string]string{
		"committee/decisions/PMU-2025-07.md": "---\nid: PMU-2025-07\ndate: 2025-09-10\nmeeting: 2025-09-10\ntitle: Strategi 2028–2031 for SEPREK\ntype: approve-strategy\ncenters: [kre]\n---\nGodkjent.\n",
		"committee/decisions/PMU-2025-08.md": "---\nid: PMU-2025-08\ndate: 2025-09-10\nmeeting: 2025-09-10\ntitle: Ny organisering for Senter for genomikk\ntype: approve-organisation\ncenters: [gen]\n---\nGodkjent.\n",
		"centers/kre/strategy-2028-2031.md":  "---\nperiod: {start: 2028-01-01, end: 2031-12-31}\napproved_by: PMU-2025-07\ngoals:\n  - {id: G1, title: Forskning, focus_areas: [research]}\n---\nStrategien.\n",
		"centers/kre/action-plans/2026.yaml": "year: 2026\nstrategy: strategy-2024-2027\nactions:\n  - {id: KRE-2026-01, title: Forskning, goal: G1, tasks: [research], owner: kari.nordmann, due: 2026-12-31, status: planned}\n",
		"centers/nev/center.yaml":            "id: nev\nname: Senter for presisjonsmedisin innen nevrologi\nkind: treatment\nmandate: treatment-centers\nstatus: proposed\nanchor_unit: KRE\nleader: kari.nordmann\norganisation: {summary: Styre med klinikk og forskning.}\n",
	})
	gen := string(fsys["centers/gen/center.yaml"].Data) + "organisation: {decision: PMU-2025-08, summary: Styre med diagnostikk.}\n"
	fsys["centers/gen/center.yaml"].Data = []byte(gen)

	report := func(day time.Time) string {
		res := validate.Run(fsys, validate.Options{AsOf: day})
		md, err := ReportMarkdown(res, Options{AsOf: day, Langs: []diag.Lang{diag.EN}, Forecast: forecast.Judge(res, forecast.Options{AsOf: day})})
		if err != nil {
			t.Fatal(err)
		}
		return string(md)
	}
	before := report(asOf)
	contains(t, "report.md as of 2025-06-15", before,
		"- **proposed center**: nev is proposed: the committee decides whether to establish it",
		"- **organisation to approve**: nev: the internal organisation awaits the committee's approval (a decision of type approve-organisation) (internal-organisation: ",
		"- **organisation to approve**: gen: the internal organisation awaits the committee's approval",
		"- **strategy to approve**: kre: the strategy 2028-2031 awaits the committee's approval (a decision of type approve-strategy) (strategy-current: ",
		"- **action plan put forward**: kre: the action plan for 2026 is put forward for the coming year (action-plan-current: ")
	if strings.Contains(before, "the action plan for 2025 is put forward") {
		t.Error("report.md as of 2025-06-15: the plan for the current year is listed as put forward")
	}

	after := report(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC))
	for _, gone := range []string{"gen: the internal organisation awaits", "kre: the strategy 2028-2031 awaits", "the action plan for 2026 is put forward"} {
		if strings.Contains(after, gone) {
			t.Errorf("report.md as of 2026-01-05 still lists %q", gone)
		}
	}
	contains(t, "report.md as of 2026-01-05", after, "- **organisation to approve**: nev: the internal organisation awaits")

	res := validate.Run(fsys, validate.Options{AsOf: asOf})
	md, err := AgendaMarkdown(res, Options{AsOf: asOf, Langs: []diag.Lang{diag.NB}, Forecast: forecast.Judge(res, forecast.Options{AsOf: asOf})})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "agenda.md", string(md), ": godkjenning av intern organisering\n", ": handlingsplan for året som kommer\n", ": godkjenning av strategi\n", ": etablering av senter\n")
}
