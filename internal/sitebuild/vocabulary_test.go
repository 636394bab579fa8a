package sitebuild

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/diag"
)

// TestSiteUsesTheVocabulary holds the site's labels for the vocabulary
// (competences, focus areas, tasks, audiences, themes) to the catalogue's
// terms, the words the rules use in their findings
// (TestFindingsUseTheVocabulary in internal/rules): each term is the same
// in both, and the site's own translation files do not name a term a
// second time.
func TestSiteUsesTheVocabulary(t *testing.T) {
	theme := themeFS(nil)
	for _, lang := range []diag.Lang{diag.NB, diag.EN} {
		tr, err := loadTranslations(theme, lang)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for key, want := range diag.Words(lang) {
			rest, ok := strings.CutPrefix(key, "term.")
			if !ok {
				continue
			}
			n++
			group, value, _ := strings.Cut(rest, ".")
			if got := tr.label(group, value); got != want {
				t.Errorf("%s: the site says %q for %s, the catalogue %q", lang, got, rest, want)
			}
			if got, _ := diag.Term(group, value); got.In(lang) != want {
				t.Errorf("%s: diag.Term(%s, %s) = %q, the catalogue %q", lang, group, value, got.In(lang), want)
			}
		}
		if n < 20 {
			t.Errorf("%s: only %d terms in the catalogue", lang, n)
		}
		b, err := os.ReadFile("../../site/i18n/" + string(lang) + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			key, _, _ := strings.Cut(line, ":")
			if diag.Has("term." + key) {
				t.Errorf("site/i18n/%s.yaml names the term %s itself; the catalogue's term.%s is the one source", lang, key, key)
			}
		}
	}
}

// TestThemeNamesATerm keeps --theme able to word a term its own way: a
// theme's i18n file that names a term wins over the catalogue for the site.
func TestThemeNamesATerm(t *testing.T) {
	def, err := os.ReadFile("../../site/i18n/nb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	theme := themeFS(fstest.MapFS{
		"i18n/nb.yaml": {Data: append(def, []byte("\ntask.research: Forskningsoppgaven\n")...)},
	})
	tr, err := loadTranslations(theme, diag.NB)
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.label("task", "research"); got != "Forskningsoppgaven" {
		t.Errorf("the theme's term was not used: %q", got)
	}
	want, _ := diag.Term("competence", "research")
	if got := tr.label("competence", "research"); got != want.NB {
		t.Errorf("a term the theme leaves alone = %q, want the catalogue's %q", got, want.NB)
	}
}
