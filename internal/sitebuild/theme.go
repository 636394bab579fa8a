package sitebuild

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/site"
)

// overlay is the theme a build reads: a file in top wins over the file at the
// same path in base (Hugo style), so a repository overrides one template
// without copying the rest.
type overlay struct{ top, base fs.FS }

// Open opens name from the top layer if it has it, else from the base.
func (o overlay) Open(name string) (fs.File, error) {
	if o.top != nil {
		f, err := o.top.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.base.Open(name)
}

// themeFS layers the user's theme over the embedded default.
func themeFS(top fs.FS) fs.FS { return overlay{top: top, base: site.FS()} }

// pageKinds are the page templates under templates/pages/, one per kind of
// page; each is parsed together with the layout and the partials.
var pageKinds = []string{
	"dashboard", "center", "document", "committee", "matrix", "mandate",
	"validation", "rules", "report", "agenda", "people", "person", "unreadable",
}

// loadTemplates parses templates/layout.html, templates/partials.html and one
// templates/pages/<kind>.html per page kind, for one language: each
// {{.T "…"}} (or {{$.T "…"}}) is replaced by the escaped text of tr
// before parsing, so the thousands of pages a build renders do not look up
// the same labels again and again.
func loadTemplates(theme fs.FS, tr *translations) (map[string]*template.Template, error) {
	return parseTemplates(theme, funcs, func(key string) (string, bool) {
		if tr == nil {
			return "", false
		}
		text, ok := tr.m[key]
		if !ok {
			return "", false
		}
		return strings.ReplaceAll(template.HTMLEscapeString(text), "{{", `{{"{{"}}`), true
	})
}

// parseTemplates parses the templates of every page kind with fm, each
// {{.T "…"}} replaced by what inline returns for its key (when it returns
// true). pagegen_test.go parses them the same way, so that the pages it
// generates are what these templates write.
func parseTemplates(theme fs.FS, fm template.FuncMap, inline func(key string) (string, bool)) (map[string]*template.Template, error) {
	base := template.New("layout").Funcs(fm)
	for _, name := range []string{"templates/layout.html", "templates/partials.html"} {
		b, err := fs.ReadFile(theme, name)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		if _, err := base.New(path.Base(name)).Parse(inlineT(string(b), inline)); err != nil {
			return nil, fmt.Errorf("theme %s: %w", name, err)
		}
	}
	out := make(map[string]*template.Template, len(pageKinds))
	for _, kind := range pageKinds {
		name := "templates/pages/" + kind + ".html"
		b, err := fs.ReadFile(theme, name)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("theme %s: %w", name, err)
		}
		if _, err := t.New(kind).Parse(inlineT(string(b), inline)); err != nil {
			return nil, fmt.Errorf("theme %s: %w", name, err)
		}
		out[kind] = t
	}
	return out, nil
}

// constT matches a translation of a constant key, the whole action.
var constT = regexp.MustCompile(`\{\{\s*\$?\.T\s+"([A-Za-z0-9._-]+)"\s*\}\}`)

// inlineT replaces each {{.T "…"}} of src for whose key inline returns
// true by what it returns. loadTemplates inlines the text HTML-escaped
// (right in text and in quoted attribute values, the only places the theme
// puts labels) and with "{{" quoted so that a translation can never become
// template code.
func inlineT(src string, inline func(key string) (string, bool)) string {
	return constT.ReplaceAllStringFunc(src, func(m string) string {
		if text, ok := inline(constT.FindStringSubmatch(m)[1]); ok {
			return text
		}
		return m
	})
}

// translations is one language's table: flat keys to text.
type translations struct {
	lang diag.Lang
	m    map[string]string
}

// loadTranslations reads i18n/<lang>.yaml and the catalogue's terms.
func loadTranslations(theme fs.FS, lang diag.Lang) (*translations, error) {
	name := "i18n/" + string(lang) + ".yaml"
	b, err := fs.ReadFile(theme, name)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	m := map[string]string{}
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("theme %s: %w", name, err)
	}
	// The vocabulary (competences, focus areas, tasks, audiences, themes)
	// is the catalogue's, the words the rules and the command line use: its
	// "term.task.research" is the site's "task.research". A theme's own
	// i18n file may still name a term otherwise.
	for k, v := range diag.Words(lang) {
		if rest, ok := strings.CutPrefix(k, "term."); ok {
			if _, set := m[rest]; !set {
				m[rest] = v
			}
		}
	}
	return &translations{lang: lang, m: m}, nil
}

// T returns the text for key. A key missing from the table shows as the key
// itself, which a test of the default theme rules out.
func (t *translations) T(key string) string {
	if s, ok := t.m[key]; ok {
		return s
	}
	return key
}

// keys lists the table's keys, sorted.
func (t *translations) keys() []string {
	out := make([]string, 0, len(t.m))
	for k := range t.m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// label translates an enumerated value (a status, a theme, a competence):
// the table's "<group>.<value>" when present, else the value as written.
func (t *translations) label(group, value string) string {
	if s, ok := t.m[group+"."+value]; ok {
		return s
	}
	return strings.TrimSpace(value)
}
