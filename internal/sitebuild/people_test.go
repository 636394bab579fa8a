package sitebuild

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/validate"
)

// section is the part of a page from the heading with id to the next
// section's end.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `<h2 id="`+id+`">`)
	if i < 0 {
		t.Fatalf("no section %q", id)
	}
	rest := page[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// TestPersonPages: every person has a page in both languages with their
// roles, the actions they own and what falls due for them within the
// horizon; names link to those pages where they appear.
func TestPersonPages(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	// The horizon ends on 2025-12-31: the plan's actions fall due on
	// its last day, and the overdue findings start the day after.
	f := forecast.Judge(res, forecast.Options{AsOf: asOf, Days: 199})
	dir := buildSite(t, res, Options{Forecast: f})

	kari := readFile(t, dir, "people/kari.nordmann.html")
	contains(t, "kari's page", kari, "<h1>Kari Nordmann</h1>", "Overlege")
	roles := section(t, kari, "roles")
	contains(t, "kari's roles", roles, "senterleder: <a href=\"../centers/kre.html\">", "senterstyret (senterleder)",
		"forfatter av statusrapporter", "deltok på møter")
	due := section(t, kari, "due")
	contains(t, "kari's due", due, "til og med 2025-12-31", `<time datetime="2025-12-31">2025-12-31</time> – kre: frist for tiltak KRE-2025-01: Forskning`)
	contains(t, "kari's actions", section(t, kari, "actions"), "KRE-2025-01", "KRE-2025-04")
	// An action someone else owns is theirs, not hers, though she leads
	// the center.
	if strings.Contains(kari, "KRE-2025-03") {
		t.Error("kari's page names KRE-2025-03, which ola.nordmann owns")
	}
	ola := readFile(t, dir, "people/ola.nordmann.html")
	contains(t, "ola's due", section(t, ola, "due"), "KRE-2025-03")
	// A done action falls due for no one.
	if strings.Contains(section(t, ola, "due"), "KRE-2024-01") {
		t.Error("ola's due list names the done action KRE-2024-01")
	}
	contains(t, "ola's actions", section(t, ola, "actions"), "KRE-2024-01")

	en := readFile(t, dir, "en/people/kari.nordmann.html")
	contains(t, "kari's English page", en, "center leader: <a href=\"../../en/centers/kre.html\">", "What falls due", "up to and including 2025-12-31")

	contains(t, "the center page", readFile(t, dir, "centers/kre.html"), `<a href="../people/kari.nordmann.html">Kari Nordmann</a>`)
	contains(t, "the committee page", readFile(t, dir, "committee.html"), `<a href="people/lise.berg.html">Lise Berg</a>`)
	list := readFile(t, dir, "people.html")
	for _, p := range res.Repo.People {
		contains(t, "people.html", list, `<a href="people/`+p.ID.V+`.html">`)
	}
	checkLinks(t, dir)
}

// telLink is a telephone link.
var telLink = regexp.MustCompile(`(?i)href="\s*tel:`)

// TestNoEmailOnSite builds the default content and the fixture and asserts
// that no file of the site (pages, API, feeds, calendars, search index)
// holds any person's e-mail address, nor a telephone link.
func TestNoEmailOnSite(t *testing.T) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		res  *validate.Result
		day  time.Time
	}{
		{"default content", validate.Run(os.DirFS("../.."), validate.Options{AsOf: day}), day},
		{"fixture", validated(t, fixture.BaseWith(nil)), asOf},
	} {
		t.Run(c.name, func(t *testing.T) {
			var emails []string
			for _, p := range c.res.Repo.People {
				if p.Email.V != "" {
					emails = append(emails, strings.ToLower(p.Email.V))
				}
			}
			if len(emails) == 0 {
				t.Fatal("no person has an e-mail address: the test checks nothing")
			}
			dir := buildSite(t, c.res, Options{AsOf: c.day, Forecast: forecast.Judge(c.res, forecast.Options{AsOf: c.day})})
			files := siteFiles(t, dir)
			for _, f := range files {
				b := strings.ToLower(readFile(t, dir, f))
				for _, e := range emails {
					if strings.Contains(b, e) {
						t.Errorf("%s holds the e-mail address %s", f, e)
					}
				}
				if telLink.MatchString(b) {
					t.Errorf("%s has a telephone link", f)
				}
			}
			t.Logf("%d files, %d addresses", len(files), len(emails))
		})
	}
}

// TestPeopleWithClashingIDs: two ids that make the same file name, and an
// id given twice, still build (each file once) with every link sound.
func TestPeopleWithClashingIDs(t *testing.T) {
	people := string(fixture.Base()["org/people.yaml"]) +
		"  - {id: kari-nordmann, name: Kari Bindestrek, email: kb@example.org, github: kari-b}\n" +
		"  - {id: \"kari nordmann\", name: Kari Mellomrom, email: km@example.org, github: kari-m}\n" +
		"  - {id: per.hansen, name: Per Hansen den andre, email: ph2@example.org, github: per-2}\n"
	res := validated(t, fixture.BaseWith(map[string]string{"org/people.yaml": people}))
	dir := buildSite(t, res, Options{})
	contains(t, "the first of the clashing ids", readFile(t, dir, "people/kari-nordmann.html"), "<h1>Kari Bindestrek</h1>")
	checkLinks(t, dir)
}
