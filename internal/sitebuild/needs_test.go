package sitebuild

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
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
		`<h2 id="coming">Det som kommer</h2>`, `<td class="date">2027-01-31</td>`)
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
		"| 2027-04-01 | inf | warning: inf is no longer exempt from the rule investment-advice (decision PMU-2026-01) from 1 April 2027 | waiver |")
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
		"- Utvalgets leder oversender innspillet til Helse Sør-Øst (decision PMU-2026-02), due 1 July 2026 – responsible: Randi Berg\n")

	dir := buildSite(t, res, Options{AsOf: committeeDay, Forecast: f})
	page := readFile(t, dir, "agenda.html")
	contains(t, "agenda.html", page,
		`<h2 id="item-3">3. Senter for presisjonsmedisin innen sjeldne sykdommer: frist som kommer</h2>`,
		`kre mangler handlingsplan for 2027 fra 1. januar 2027 – <a href="centers/kre.html">`,
		`<a href="rules.html#rule-action-plan-current">action-plan-current</a>`,
		`<a href="committee/meetings/2026-10-13.html">2026-10-13</a>`)
	contains(t, "en/agenda.html", readFile(t, dir, "en/agenda.html"), "kre has no action plan for 2027 from 1 January 2027")
}
