package sitebuild

import (
	"github.com/ous-pm/pmgov/internal/fixture"
	"regexp"

	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// hostile is content an attacker with write access to one center's files
// might try: script tags, event handlers and javascript: or data: links in
// names, titles, URLs and Markdown bodies.
var hostile = map[string]string{
	"org/people.yaml": `people:
  - {id: kari.nordmann, name: "Kari <script>alert('name')</script>", email: kari.nordmann@example.org, github: kari-nordmann, unit: KRE, title: "<img src=x onerror=alert(1)>"}
  - {id: ola.nordmann, name: Ola Nordmann, email: ola.nordmann@example.org, github: ola-nordmann, unit: KLM-AMG}
  - {id: per.hansen, name: Per Hansen, email: per.hansen@example.org, github: per-hansen, unit: STAB}
  - {id: lise.berg, name: Lise Berg, email: lise.berg@example.org, github: lise-berg, unit: STAB}
  - {id: geir.lund, name: Geir Lund, email: geir.lund@example.org, github: geir-lund, unit: KLM}
`,
	"org/national-activities.yaml": `activities:
  - {id: inpred, name: "InPreD\"><svg onload=alert(1)>", url: "javascript:alert(document.cookie)"}
`,
	"committee/decisions/PMU-2024-01.md": `---
id: PMU-2024-01
date: 2024-06-20
meeting: 2024-06-20
title: "Strategi <iframe src=javascript:alert(1)></iframe>"
type: approve-strategy
centers: [kre]
---
# Vedtak <script>alert(1)</script>

<script>alert('body')</script>
<img src="x" onerror="alert(1)">
<a href="javascript:alert(1)">rå lenke</a>

[klikk](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[vb](vbscript:msgbox) [relativ](../../centers/kre/center.yaml) <javascript:alert(2)>
![bilde](https://evil.example.org/track.png) ![lokal](data:image/png;base64,AAAA)
[trygg](https://www.example.org/ok "tittel") <mailto:a@example.org> www.example.org
`,
	"centers/kre/advice/2025-03-01-sekvensering.md": `---
date: 2025-03-01
title: "Råd <script>alert('title')</script>"
to_unit: KLM
priority: high
status: proposed
---
Tekst med [lenke](JaVaScRiPt:alert(1)) og [fane](&#x6A;avascript:alert(1)).
`,
}

// hostileRepo is the base fixture with the hostile files, and hostile
// values in a center's own name, short name and research link.
func hostileRepo() fstest.MapFS {
	fsys := fixture.BaseWith(hostile)
	center := string(fsys["centers/kre/center.yaml"].Data)
	center = strings.Replace(center, "name: Senter for presisjonsmedisin innen kreft", `name: "<script>alert('center')</script>"`, 1)
	center = strings.Replace(center, "short_name: SEPREK", `short_name: "<b onmouseover=alert(1)>S</b>"`, 1)
	center = strings.Replace(center, "url: https://www.impress-norway.no", `url: "javascript:alert('research')"`, 1)
	fsys["centers/kre/center.yaml"].Data = []byte(center)
	return fsys
}

// TestHostileContent builds the hostile content and asserts that no script,
// event handler, frame or unsafe link survives in any file of the site, the
// report or the API.
func TestHostileContent(t *testing.T) {
	res := validated(t, hostileRepo())
	dir := buildSite(t, res, Options{})

	sawPayload := false
	for _, f := range siteFiles(t, dir) {
		b := []byte(readFile(t, dir, f))
		if bytes.Contains(b, []byte("alert(")) {
			sawPayload = true // escaped text is fine; markup is not
		}
		switch {
		case strings.HasSuffix(f, ".html"):
			assertSafeHTML(t, f, b)
		case strings.HasSuffix(f, ".json"):
			for _, bad := range []string{"<script", "<iframe", "<img", "<svg", "<b "} {
				if bytes.Contains(bytes.ToLower(b), []byte(bad)) {
					t.Errorf("%s: contains raw %q", f, bad)
				}
			}
		}
	}
	if !sawPayload {
		t.Fatal("the hostile text appears nowhere: the test no longer exercises escaping")
	}
	contains(t, "escaped center name", readFile(t, dir, "centers/kre.html"), "&lt;script&gt;alert(&#39;center&#39;)&lt;/script&gt;")
	contains(t, "safe Markdown link kept", readFile(t, dir, "committee/decisions/PMU-2024-01.html"),
		`<a href="https://www.example.org/ok" title="tittel">trygg</a>`, `href="mailto:a@example.org"`, "<p>klikk data", ">bilde</a>")

	rep, err := ReportHTML(res, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	assertSafeHTML(t, "report.html (standalone)", rep)
	md, err := ReportMarkdown(res, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ToLower(md), []byte("<script")) {
		t.Errorf("report.md contains a raw <script>")
	}
}

// assertSafeHTML fails on any element, attribute or link that could run
// code or load something from outside.
func assertSafeHTML(t *testing.T, name string, b []byte) {
	t.Helper()
	d := parseHTML(t, b)
	// The one script a page may load is the site's search, from the site
	// root, with nothing inline.
	if n, ok := len(bytes.Split(b, []byte("<script")))-1, len(ownScript.FindAll(b, -1)); n != ok || n > 1 {
		t.Errorf("%s: %d <script> elements, %d of them the site's own search.js", name, n, ok)
	}
	for _, e := range d.elements {
		switch e.tag {
		case "script":
			if !searchScript(e) {
				t.Errorf("%s: <script> element that is not the site's search.js", name)
			}
		case "input":
			if !searchInput(e) {
				t.Errorf("%s: <input> element that is not the search box", name)
			}
		case "iframe", "object", "embed", "frame", "form", "base", "img", "button", "textarea":
			t.Errorf("%s: <%s> element", name, e.tag)
		}
		for _, a := range e.attrs {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: <%s %s=%q> event handler", name, e.tag, a.Key, a.Val)
			}
			if a.Key == "style" {
				t.Errorf("%s: <%s style> attribute (the CSP forbids inline styles)", name, e.tag)
			}
		}
	}
	for _, l := range d.links {
		v := strings.ToLower(strings.TrimSpace(l.value))
		if l.tag == "link" && v == "data:," {
			continue // the empty favicon
		}
		if l.attr == "href" && l.tag == "a" && (strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "mailto:")) {
			continue
		}
		if strings.Contains(v, ":") {
			t.Errorf("%s: <%s %s=%q> is neither relative nor an http, https or mailto link", name, l.tag, l.attr, l.value)
		}
	}
}

// ownScript is the site's search script as every page loads it.
var ownScript = regexp.MustCompile(`<script src="(\.\./)*search\.js" defer></script>`)

// searchScript says whether e is the page's load of search.js: its only
// attributes src and defer.
func searchScript(e element) bool {
	if len(e.attrs) != 2 {
		return false
	}
	for _, a := range e.attrs {
		switch {
		case a.Key == "src" && regexp.MustCompile(`^(\.\./)*search\.js$`).MatchString(a.Val):
		case a.Key == "defer" && a.Val == "":
		default:
			return false
		}
	}
	return true
}

// searchInput says whether e is the search box's field, with none but
// these attributes.
func searchInput(e element) bool {
	want := map[string]string{"type": "search", "id": "site-search", "autocomplete": "off", "spellcheck": "false",
		"aria-describedby": "site-search-status", "aria-controls": "site-search-results"}
	if len(e.attrs) != len(want) {
		return false
	}
	for _, a := range e.attrs {
		if v, ok := want[a.Key]; !ok || v != a.Val {
			return false
		}
	}
	return true
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]bool{
		"https://www.example.org/x": true, "http://example.org": true, "mailto:a@example.org": true, "#fn:1": true,
		"javascript:alert(1)": false, " JavaScript:alert(1)": false, "data:text/html,x": false, "vbscript:x": false,
		"file:///etc/passwd": false, "//evil.example.org/x": false, "../center.yaml": false, "https:": false, "mailto:": false,
		"#x\"onmouseover=": false,
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestRawHTMLOff checks the Markdown renderer directly: raw HTML is
// dropped, not passed through.
func TestRawHTMLOff(t *testing.T) {
	md := newMarkdown(nil)
	var buf bytes.Buffer
	got := string(md.render("a <b onclick=x>b</b>\n\n<div>block</div>\n", &buf))
	for _, bad := range []string{"<b", "<div", "onclick"} {
		if strings.Contains(got, bad) {
			t.Errorf("rendered %q contains %q", got, bad)
		}
	}
}

// TestNoForeignReferences reads the stylesheet, the templates and the
// search script: nothing may reference a font, an image or a script
// outside the site, the layout loads no script but the site's own
// search.js, and that script asks nothing of any server but for the
// site's own index, and writes no HTML.
func TestNoForeignReferences(t *testing.T) {
	const own = `<script src="{{.Asset "search.js"}}" defer></script>`
	for _, p := range []string{"../../site/static/style.css", "../../site/templates/layout.html"} {
		b, err := os.ReadFile(filepath.FromSlash(p))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, "layout.html") {
			if bytes.Count(b, []byte(own)) != 1 {
				t.Errorf("%s does not load search.js as %s", p, own)
			}
			b = bytes.Replace(b, []byte(own), nil, 1)
		}
		for _, bad := range []string{"@import", "url(", "<script", "@font-face"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
	js, err := os.ReadFile(filepath.FromSlash("../../site/static/search.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"http:", "https:", "//cdn", "fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon",
		"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(", "import(", "localStorage", "document.cookie"} {
		if bytes.Contains(js, []byte(bad)) {
			t.Errorf("search.js contains %q", bad)
		}
	}
}
