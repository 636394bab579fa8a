package diag

import (
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// The catalogues of words, one file per language (words/nb.yaml,
// words/en.yaml): every message, hint and term pmgov says, under a readable
// key such as "rule.report-due.message" or "term.competence.research", its
// value a printf format. A translator reviews a language in one file;
// TestCatalogue (catalogue_test.go) fails on a key the code uses that a
// language lacks, a key no code uses, and formats whose verbs differ
// between the languages.
//
//go:embed words/nb.yaml words/en.yaml
var wordFiles embed.FS

// entry is one key's format in both languages.
type entry struct{ nb, en string }

// catalogue parses both files once, on first use.
var catalogue = sync.OnceValue(func() map[string]entry {
	nb, en := readWords("nb"), readWords("en")
	m := make(map[string]entry, len(nb))
	for k, v := range nb {
		m[k] = entry{nb: v, en: en[k]}
	}
	for k, v := range en {
		if _, ok := nb[k]; !ok {
			m[k] = entry{en: v}
		}
	}
	return m
})

// readWords reads one language's catalogue. The files are embedded and
// held well-formed by TestCatalogue, so a failure here cannot happen in a
// shipped binary; a line it cannot read is left out rather than panic.
func readWords(lang string) map[string]string {
	b, err := wordFiles.ReadFile("words/" + lang + ".yaml")
	if err != nil {
		return map[string]string{}
	}
	return parseWords(b)
}

// parseWords reads the catalogue's subset of YAML: one "key: value" a
// line, the value plain or double-quoted (with Go's escapes, which are
// YAML's too for the characters the files use), "#" lines comments. A
// general YAML parser takes about 100 ms for both files, paid by every
// run; this takes well under one. TestWordsAreYAML holds it to the YAML
// library on both files.
func parseWords(b []byte) map[string]string {
	m := make(map[string]string, bytes.Count(b, []byte("\n")))
	for len(b) > 0 {
		var line []byte
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			line, b = b, nil
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, value, ok := bytes.Cut(line, []byte(": "))
		if !ok {
			continue
		}
		v := string(bytes.TrimSpace(value))
		if strings.HasPrefix(v, `"`) {
			u, err := strconv.Unquote(v)
			if err != nil {
				continue
			}
			v = u
		}
		m[string(key)] = v
	}
	return m
}

// Words returns one language's catalogue as a map from key to format, for
// tests and for the site, which takes its terms from it.
func Words(lang Lang) map[string]string {
	out := map[string]string{}
	for k, e := range catalogue() {
		if lang == EN {
			out[k] = e.en
		} else {
			out[k] = e.nb
		}
	}
	return out
}

// Has reports whether the catalogue holds key.
func Has(key string) bool {
	_, ok := catalogue()[key]
	return ok
}

// M is the message under key in both languages, each language's format
// filled with args. An argument that is a Text (or a *Failure) gives each
// language its own half. Both formats are always formatted (so "%%" is a percent
// sign). A key missing from the catalogue, which TestCatalogue rules out
// for every constant key in the code, shows as the key itself.
func M(key string, args ...any) Text {
	e, ok := catalogue()[key]
	if !ok {
		return Text{NB: key, EN: key}
	}
	return format(e, args)
}

// format fills e's formats with args, a Text argument per language.
func format(e entry, args []any) Text {
	var nbArgs, enArgs []any
	for i, a := range args {
		if e, ok := a.(*Failure); ok {
			a = e.Text
		}
		if t, ok := a.(Text); ok {
			if nbArgs == nil {
				nbArgs, enArgs = make([]any, len(args)), make([]any, len(args))
				copy(nbArgs, args)
				copy(enArgs, args)
			}
			nbArgs[i], enArgs[i] = t.NB, t.EN
		}
	}
	if nbArgs == nil {
		nbArgs, enArgs = args, args
	}
	return Text{NB: fmt.Sprintf(e.nb, nbArgs...), EN: fmt.Sprintf(e.en, enArgs...)}
}

// Term is the word for value in a group of the vocabulary ("competence",
// "focus", "task", "audience", "theme"): the catalogue's
// "term.<group>.<value>", the same key the rules, the command line and the
// site read, so a term reads the same everywhere. A value with no term (a
// second mandate may name tasks of its own) is shown as written, with ok
// false.
func Term(group, value string) (t Text, ok bool) {
	e, ok := catalogue()["term."+group+"."+value]
	if !ok {
		return Text{NB: value, EN: value}, false
	}
	return Text{NB: e.nb, EN: e.en}, true
}

// Failure is a failure of the tool told in both languages: its Error is
// the English (for logs and wrapping), and the command line prints Text in
// the chosen language. Err is the cause, if any.
type Failure struct {
	Text Text
	Err  error
}

func (e *Failure) Error() string { return e.Text.EN }
func (e *Failure) Unwrap() error { return e.Err }

// Failf is the catalogue's message under key as a *Failure.
func Failf(key string, args ...any) error {
	return &Failure{Text: M(key, args...)}
}

// Wrapf is Failf with a cause that errors.Is and errors.As still find.
func Wrapf(cause error, key string, args ...any) error {
	return &Failure{Text: M(key, args...), Err: cause}
}

// JoinWith joins each language's list with the catalogue's word under key
// between the items ("a eller b", "a or b"): word.or, word.and.
func JoinWith(key string, nb, en []string) Text {
	w := M(key)
	return Text{NB: strings.Join(nb, " "+w.NB+" "), EN: strings.Join(en, " "+w.EN+" ")}
}
