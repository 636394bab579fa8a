package sitebuild

import (
	"html/template"
	"strings"

	"github.com/ous-pm/pmgov/internal/model"
)

// funcs are the template functions that need no page: small formatting
// helpers. Everything language-dependent is a method of page.
var funcs = template.FuncMap{
	// ext returns an external address when it is http, https or mailto.
	"ext": ExternalURL,
	// vals lists the plain strings of a list of values.
	"vals": func(ss model.Strings) []string { return vals(ss) },
	// add adds integers (1-based numbering).
	"add": func(a, b int) int { return a + b },
	// neg reports whether n is negative.
	"neg": func(n int) bool { return n < 0 },
	// abs is |n|.
	"abs": func(n int) int {
		if n < 0 {
			return -n
		}
		return n
	},
	// join joins strings with ", ".
	"join": func(ss []string) string { return strings.Join(ss, ", ") },
	// lines splits a bilingual doc into paragraphs.
	"paragraphs": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.TrimSpace(s), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
}
