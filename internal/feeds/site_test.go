package feeds_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/sitebuild"
	"github.com/ous-pm/pmgov/internal/validate"
)

// build builds res's site as of asOf into a fresh folder.
func build(t *testing.T, res *validate.Result, asOf time.Time) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	opt := sitebuild.Options{Out: out, AsOf: asOf, Workers: 2, Forecast: forecast.Judge(res, forecast.Options{AsOf: asOf})}
	if err := sitebuild.Build(res, opt); err != nil {
		t.Fatal(err)
	}
	return out
}

func read(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSiteCalendarAndFeed: the default content's site publishes a
// calendar and a feed for the whole and for each center, in both
// languages, which real parsers read without error, holding the dates the
// committee keeps and the news up to the as-of date, each center's only
// its own; every page links both from its head.
func TestSiteCalendarAndFeed(t *testing.T) {
	py := python(t, "icalendar", "feedparser")
	asOf := day("2026-12-03")
	res := validate.Run(os.DirFS("../.."), validate.Options{AsOf: asOf})
	dir := build(t, res, asOf)

	calendar := func(name string) map[string]string {
		t.Helper()
		checkICSLines(t, read(t, dir, name))
		var c parsedICS
		parse(t, py, icsScript, filepath.Join(dir, name), &c)
		if c.Version != "2.0" || len(c.Errors) > 0 || len(c.Events) == 0 {
			t.Fatalf("%s: %+v", name, c)
		}
		byUID := map[string]string{}
		for _, e := range c.Events {
			if _, dup := byUID[e.UID]; dup {
				t.Errorf("%s: the UID %s is there twice", name, e.UID)
			}
			byUID[e.UID] = e.Start + " " + e.Summary
		}
		return byUID
	}
	all := calendar("calendar.ics")
	for uid, want := range map[string]string{
		"meeting/2026-10-13@ous.pmgov":                       "2026-10-13 Møte i PM-utvalget 13. oktober 2026",
		"report-due/kre/2026-T3@ous.pmgov":                   "2027-01-30 kre: frist for statusrapport 2026-T3",
		"term-end/kre/2@ous.pmgov":                           "2027-08-31 kre: løpetid 2 slutter",
		"evaluation-due/kre/2@ous.pmgov":                     "2027-08-31 kre: frist for evaluering av løpetid 2",
		"waiver/PMU-2026-01/investment-advice/inf@ous.pmgov": "2027-03-31 inf: siste dag for unntaket fra regelen investment-advice (vedtak PMU-2026-01)",
		"action-due/kre/KRE-2026-01@ous.pmgov":               "2026-12-31 kre: frist for tiltak KRE-2026-01: Lede CTDNA-LUNG: inkludere de første 120 pasientene",
		"follow-up/PMU-2026-03/1@ous.pmgov":                  "2027-05-01 Frist i vedtak PMU-2026-03: Evalueringsgruppen leverer evalueringen av sentrenes andre periode",
	} {
		if all[uid] != want {
			t.Errorf("calendar.ics: %s is %q, want %q", uid, all[uid], want)
		}
	}
	kre := calendar("centers/kre/calendar.ics")
	for uid := range kre {
		if strings.Contains(uid, "/inf/") || strings.Contains(uid, "/bar/") || strings.HasPrefix(uid, "meeting/") {
			t.Errorf("kre's calendar holds %s", uid)
		}
	}
	if kre["follow-up/PMU-2026-03/1@ous.pmgov"] == "" || kre["report-due/kre/2026-T3@ous.pmgov"] == "" {
		t.Errorf("kre's calendar lacks its report deadline or the deadline PMU-2026-03 sets for it")
	}
	if en := calendar("en/calendar.ics"); en["report-due/kre/2026-T3@ous.pmgov"] != "2027-01-30 kre: status report 2026-T3 due" {
		t.Errorf("en/calendar.ics: %q", en["report-due/kre/2026-T3@ous.pmgov"])
	}

	feed := func(name string) map[string]string {
		t.Helper()
		var f parsedAtom
		parse(t, py, atomScript, filepath.Join(dir, name), &f)
		if f.Bozo || f.Version != "atom10" || len(f.Entries) == 0 {
			t.Fatalf("%s: %s %+v", name, f.BozoException, f)
		}
		out := map[string]string{}
		for _, e := range f.Entries {
			if e.Updated > "2026-12-03T" {
				t.Errorf("%s: %s is dated %s, after the as-of date", name, e.ID, e.Updated)
			}
			out[e.ID] = e.Title
			if _, err := os.Stat(filepath.Join(dir, filepath.Dir(name), filepath.FromSlash(e.Link))); err != nil {
				t.Errorf("%s: %s links to %s, which the site lacks", name, e.ID, e.Link)
			}
		}
		return out
	}
	news := feed("feed.xml")
	for _, id := range []string{"tag:ous.pmgov,2020:decision/PMU-2026-03", "tag:ous.pmgov,2020:meeting/2026-10-13", "tag:ous.pmgov,2020:report/kre/2026-T2", "tag:ous.pmgov,2020:report/inf/2026-T2"} {
		if news[id] == "" {
			t.Errorf("feed.xml lacks %s", id)
		}
	}
	kreNews := feed("centers/kre/feed.xml")
	if kreNews["tag:ous.pmgov,2020:report/kre/2026-T2"] == "" || kreNews["tag:ous.pmgov,2020:report/inf/2026-T2"] != "" || kreNews["tag:ous.pmgov,2020:decision/PMU-2026-01"] != "" {
		t.Errorf("kre's feed: %v", kreNews)
	}
	feed("en/centers/inf/feed.xml")

	for _, page := range []string{"index.html", "centers/kre.html", "centers/kre/strategy-2024-2027.html", "agenda.html", "en/report.html"} {
		up := strings.Repeat("../", strings.Count(page, "/"))
		if strings.HasPrefix(page, "en/") {
			up += "en/" // a page links its own language's feed
		}
		html := string(read(t, dir, page))
		for _, want := range []string{
			`<link rel="alternate" type="application/atom+xml" title="`, `href="` + up + `feed.xml">`,
			`<link rel="alternate" type="text/calendar" title="`, `href="` + up + `calendar.ics">`,
		} {
			if !strings.Contains(html[:strings.Index(html, "</head>")], want) {
				t.Errorf("%s: the head lacks %s", page, want)
			}
		}
	}
}

// TestUIDsStable: an event keeps its UID across builds, at another as-of
// date and after its text changed, so a calendar program updates it
// rather than adding it again; and an entry keeps its id.
func TestUIDsStable(t *testing.T) {
	py := python(t, "icalendar", "feedparser")
	events := func(dir string) map[string]string {
		var c parsedICS
		parse(t, py, icsScript, filepath.Join(dir, "calendar.ics"), &c)
		m := map[string]string{}
		for _, e := range c.Events {
			m[e.UID] = e.Summary
		}
		return m
	}
	first := events(build(t, validate.Run(fixture.BaseWith(nil), validate.Options{AsOf: fixture.BaseAsOf}), fixture.BaseAsOf))
	again := events(build(t, validate.Run(fixture.BaseWith(nil), validate.Options{AsOf: fixture.BaseAsOf}), fixture.BaseAsOf))
	if !mapsEqual(first, again) {
		t.Errorf("two builds of the same content give different calendars:\n%v\n%v", first, again)
	}
	plan := string(fixture.Base()["centers/kre/action-plans/2025.yaml"])
	edited := fixture.BaseWith(map[string]string{
		"centers/kre/action-plans/2025.yaml": strings.Replace(plan, "title: Forskning,", "title: Forskning på ctDNA,", 1),
	})
	later := day("2025-09-01")
	second := events(build(t, validate.Run(edited, validate.Options{AsOf: later}), later))
	uid := "action-due/kre/KRE-2025-01@ous.pmgov"
	if first[uid] == "" || second[uid] == "" || first[uid] == second[uid] || !strings.Contains(second[uid], "ctDNA") {
		t.Errorf("the action's event: %q, then %q; want the same UID with the new title", first[uid], second[uid])
	}
	var a, b []string
	for u := range first {
		a = append(a, u)
	}
	for u := range second {
		b = append(b, u)
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Errorf("the UIDs changed between builds:\n%v\n%v", a, b)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
