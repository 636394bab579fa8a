package sitebuild

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/validate"
)

// snapshot reads every file of a site.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range siteFiles(t, dir) {
		out[f] = []byte(readFile(t, dir, f))
	}
	return out
}

func sameSite(t *testing.T, a, b map[string][]byte) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("sites have %d and %d files", len(a), len(b))
	}
	for f, data := range a {
		if !bytes.Equal(data, b[f]) {
			t.Errorf("%s differs between builds", f)
		}
	}
}

// TestReproducible builds twice, with different parallelism, and compares
// every byte.
func TestReproducible(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	a := snapshot(t, buildSite(t, res, Options{Workers: 1}))
	res2 := validated(t, fixture.BaseWith(nil))
	b := snapshot(t, buildSite(t, res2, Options{Workers: 8}))
	sameSite(t, a, b)
}

// TestFailedBuildKeepsPreviousSite injects a template that fails while
// pages render: the build reports it, the previous site is untouched and
// no temporary folder is left behind.
func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	buildSite(t, res, Options{Out: out})
	before := snapshot(t, out)

	for name, theme := range map[string]fstest.MapFS{
		"execution": {"templates/pages/center.html": {Data: []byte(`{{define "content"}}{{.Data.NoSuchField}}{{end}}`)}},
		"parse":     {"templates/pages/matrix.html": {Data: []byte(`{{define "content"}}{{if}}{{end}}`)}},
		"i18n":      {"i18n/en.yaml": {Data: []byte("a: [unclosed")}},
	} {
		err := Build(res, Options{Out: out, AsOf: asOf, Theme: theme})
		if err == nil {
			t.Fatalf("%s: a broken theme built", name)
		}
		sameSite(t, before, snapshot(t, out))
		entries, _ := os.ReadDir(parent)
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("%s: folder beside the site holds %q, want only public", name, names)
		}
	}
	// A good build then replaces the site.
	fsys := fixture.BaseWith(nil)
	fsys["governance.yaml"].Data = bytes.Replace(fsys["governance.yaml"].Data, []byte("title: Persontilpasset medisin ved OUS"), []byte("title: Ny tittel"), 1)
	buildSite(t, validated(t, fsys), Options{Out: out})
	contains(t, "rebuilt index", readFile(t, out, "index.html"), "Ny tittel")
}

// TestRefusesForeignFolder protects a folder that pmgov did not build.
func TestRefusesForeignFolder(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	dir := t.TempDir()
	keep := filepath.Join(dir, "governance.yaml")
	if err := os.WriteFile(keep, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Build(res, Options{Out: dir, AsOf: asOf})
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("Build into a foreign folder: err = %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(keep); string(b) != "precious\n" {
		t.Fatal("the foreign folder's file was changed")
	}
	// An empty folder is fine.
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	buildSite(t, res, Options{Out: empty})
	if _, err := os.Stat(filepath.Join(empty, markerFile)); err != nil {
		t.Errorf("no marker file after a build: %v", err)
	}
}

// TestThemeOverride overrides one translation file and the stylesheet.
func TestThemeOverride(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	nb, err := os.ReadFile("../../site/i18n/nb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	nb = bytes.Replace(nb, []byte("nav.dashboard: Oversikt"), []byte("nav.dashboard: Forsiden vår"), 1)
	theme := fstest.MapFS{
		"i18n/nb.yaml":     {Data: nb},
		"static/style.css": {Data: []byte("body { color: #000; }\n")},
		"static/logo.txt":  {Data: []byte("extra file\n")},
	}
	dir := buildSite(t, res, Options{Theme: theme})
	contains(t, "index.html", readFile(t, dir, "index.html"), "Forsiden vår")
	contains(t, "en/index.html", readFile(t, dir, "en/index.html"), ">Overview<")
	if got := readFile(t, dir, "style.css"); got != "body { color: #000; }\n" {
		t.Errorf("style.css = %q, want the theme's", got)
	}
	readFile(t, dir, "logo.txt")
}

// TestTranslationsComplete checks both tables have the same keys, and every
// key the templates and the generator use.
func TestTranslationsComplete(t *testing.T) {
	theme := themeFS(nil)
	nb, err := loadTranslations(theme, "nb")
	if err != nil {
		t.Fatal(err)
	}
	en, err := loadTranslations(theme, "en")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(nb.keys(), en.keys()) {
		for _, k := range nb.keys() {
			if _, ok := en.m[k]; !ok {
				t.Errorf("en.yaml lacks %s", k)
			}
		}
		for _, k := range en.keys() {
			if _, ok := nb.m[k]; !ok {
				t.Errorf("nb.yaml lacks %s", k)
			}
		}
	}
	re := regexp.MustCompile(`(?:\.T|T\(|tr\.T\(|w\.label\(|w\.tableStart\() ?\(?"([a-z0-9.-]+)"`)
	var sources []string
	for _, glob := range []string{"../../site/templates/*.html", "../../site/templates/pages/*.html", "*.go"} {
		m, _ := filepath.Glob(glob)
		sources = append(sources, m...)
	}
	for _, p := range sources {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if _, ok := nb.m[m[1]]; !ok {
				t.Errorf("%s uses %q, which nb.yaml lacks", p, m[1])
			}
		}
	}
}

// TestAPI checks the JSON API: valid, indented, no e-mail addresses and no
// GitHub handles, diagnostics in the validator's shape.
func TestAPI(t *testing.T) {
	fsys := fixture.BaseWith(nil)
	// A board without diagnostics makes a diagnostic to look at.
	fsys["centers/kre/center.yaml"].Data = bytes.Replace(fsys["centers/kre/center.yaml"].Data,
		[]byte("  - {person: ola.nordmann, role: member, competences: [diagnostics]}\n"), nil, 1)
	res := validated(t, fsys)
	dir := buildSite(t, res, Options{})
	for _, f := range siteFiles(t, dir) {
		if !strings.HasPrefix(f, "api/") {
			continue
		}
		b := readFile(t, dir, f)
		if !json.Valid([]byte(b)) {
			t.Errorf("%s is not valid JSON", f)
		}
		if strings.Contains(b, "@example.org") || strings.Contains(b, "kari-nordmann") {
			t.Errorf("%s holds an e-mail address or a GitHub handle", f)
		}
	}
	var people []map[string]any
	if err := json.Unmarshal([]byte(readFile(t, dir, "api/v1/people.json")), &people); err != nil {
		t.Fatal(err)
	}
	if len(people) != 5 || people[0]["name"] != "Kari Nordmann" {
		t.Fatalf("people.json = %v", people)
	}
	contains(t, "people.json", readFile(t, dir, "api/v1/people.json"), `"role": "center-leader"`, `"role": "committee-chair"`)
	var diags struct {
		AsOf        string           `json:"as_of"`
		Diagnostics []map[string]any `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(readFile(t, dir, "api/v1/diagnostics.json")), &diags); err != nil {
		t.Fatal(err)
	}
	if diags.AsOf != "2025-06-15" || len(diags.Diagnostics) == 0 {
		t.Fatalf("diagnostics.json: as_of %q, %d diagnostics", diags.AsOf, len(diags.Diagnostics))
	}
	for _, k := range []string{"rule", "severity", "file", "line", "column", "message", "hint", "clause"} {
		if _, ok := diags.Diagnostics[0][k]; !ok {
			t.Errorf("diagnostics.json: a diagnostic lacks %q", k)
		}
	}
	contains(t, "validation.html", readFile(t, dir, "validation.html"), `<h3 id="group-board-competence"><a href="rules.html#rule-board-competence">board-competence</a>`,
		`<code>centers/kre/center.yaml:`, `<span class="badge severity-error">feil</span>`)
	contains(t, "centers/kre.html", readFile(t, dir, "centers/kre.html"), `<a href="../rules.html#rule-board-competence">board-competence</a>`, "Slik retter du det")
	contains(t, "centers/kre.json", readFile(t, dir, "api/v1/centers/kre.json"), `"id": "kre"`, `"health": "error"`, `"missing_reports": 0`)
}

// TestReleasedBuildsTheSameSite builds the default content and the fixture
// from a validation whose parse trees were released (what build, report and
// agenda do before rendering) and from one that keeps them: the sites are
// the same, file for file, byte for byte.
func TestReleasedBuildsTheSameSite(t *testing.T) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for name, fsys := range map[string]fs.FS{"default content": os.DirFS("../.."), "fixture": fixture.BaseWith(nil)} {
		t.Run(name, func(t *testing.T) {
			kept := validate.Run(fsys, validate.Options{AsOf: day})
			released := validate.Run(fsys, validate.Options{AsOf: day})
			released.Release()
			for _, d := range released.Repo.Docs {
				if d.Root != nil {
					t.Fatalf("%s keeps its parse tree after Release", d.Path)
				}
			}
			a := snapshot(t, buildSite(t, kept, Options{AsOf: day}))
			b := snapshot(t, buildSite(t, released, Options{AsOf: day}))
			sameSite(t, a, b)
		})
	}
}
