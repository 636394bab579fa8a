package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/history"
)

// usageErr is a failure told to the user in both languages; run prints it
// in the language of the repository or of --lang.
type usageErr struct {
	text diag.Text
	err  error // the cause, if any
}

func (e *usageErr) Error() string { return e.text.EN }
func (e *usageErr) Unwrap() error { return e.err }

// usagef builds a usageErr from the catalogue's message under key, filled
// with args as diag.M does.
func usagef(key string, args ...any) error {
	return &usageErr{text: diag.M(key, args...)}
}

// wrapUsage is usagef with a cause: the cause's own text, in the chosen
// language where pmgov knows it (see causeText), follows the message.
func wrapUsage(err error, key string, args ...any) error {
	t := diag.M(key, args...)
	c := causeText(err)
	return &usageErr{text: diag.Text{NB: t.NB + ": " + c.NB, EN: t.EN + ": " + c.EN}, err: err}
}

// causeText says what went wrong below pmgov in both languages: the
// history errors carry their own text, the common file system failures are
// named in Norwegian, and anything else keeps its English text.
func causeText(err error) diag.Text {
	var ue *usageErr
	var ae *history.AmbiguousError
	var oe *history.ObjectError
	var fe *history.FetchError
	// A history error names the revision and the file itself and says
	// what to do: it is shown alone, not behind the flag that led to it.
	switch {
	case errors.As(err, &ae):
		return ae.Text
	case errors.As(err, &oe):
		return oe.Text
	case errors.As(err, &fe):
		return fe.Text
	case errors.As(err, &ue):
		return ue.text
	case errors.Is(err, fs.ErrNotExist):
		return pathText(err, diag.M("cli.cause-text.message"))
	case errors.Is(err, fs.ErrPermission):
		return pathText(err, diag.M("cli.cause-text.message-2"))
	}
	return cobraText(err.Error())
}

// pathText names the path of a file system error with what happened to it.
func pathText(err error, what diag.Text) diag.Text {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return diag.Text{NB: pe.Path + " " + what.NB, EN: pe.Path + " " + what.EN}
	}
	return what
}

// cobraUsage are cobra's and pflag's usage messages, with their Norwegian
// wording. The English text is cobra's own, kept as it is.
var cobraUsage = []struct {
	re *regexp.Regexp
	nb string
}{
	{regexp.MustCompile(`^unknown flag: (\S+)$`), "ukjent flagg: $1 (se --help)"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)$`), "ukjent kortflagg «$1» i $2 (se --help)"},
	{regexp.MustCompile(`^flag needs an argument: (.+)$`), "flagget $1 trenger en verdi"},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.+)" flag: (.*)$`), "ugyldig verdi «$1» for $2: $3"},
	{regexp.MustCompile(`^unknown command "(.+)" for "(.+)"(?s:(.*))$`), "ukjent kommando «$1» for «$2» (pmgov --help lister kommandoene)$3"},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), "tar høyst $1 argument, men fikk $2"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "tar $1 argument, men fikk $2"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "trenger minst $1 argument, men fikk bare $2"},
	{regexp.MustCompile(`^required flag\(s\) (.+) not set$`), "påkrevd flagg mangler: $1"},
}

// cobraText gives a cobra usage message in both languages; any other text
// is returned as it is in both.
func cobraText(s string) diag.Text {
	for _, u := range cobraUsage {
		if u.re.MatchString(s) {
			nb := u.re.ReplaceAllString(s, u.nb)
			nb = strings.ReplaceAll(nb, "\n\nDid you mean this?", "\n\nMente du denne?")
			return diag.Text{NB: nb, EN: s}
		}
	}
	return diag.Text{NB: s, EN: s}
}

// usageLang picks the language of a failure before or without a parsed
// command: --lang on the command line, else the first of governance.yaml's
// languages in --dir or the first argument that is a folder, else Norwegian.
func usageLang(args []string) diag.Lang {
	dir := "."
	var dirs []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--lang" && i+1 < len(args):
			if l, ok := diag.ParseLang(args[i+1]); ok {
				return l
			}
		case strings.HasPrefix(a, "--lang="):
			if l, ok := diag.ParseLang(strings.TrimPrefix(a, "--lang=")); ok {
				return l
			}
		case a == "--dir" && i+1 < len(args):
			dir = args[i+1]
		case strings.HasPrefix(a, "--dir="):
			dir = strings.TrimPrefix(a, "--dir=")
		case !strings.HasPrefix(a, "-"):
			dirs = append(dirs, a)
		}
	}
	for _, d := range append(dirs, dir) {
		if l, ok := repoLang(d); ok {
			return l
		}
	}
	return diag.NB
}

// repoLang reads the first of governance.yaml's languages in dir.
func repoLang(dir string) (diag.Lang, bool) {
	b, err := os.ReadFile(filepath.Join(dir, "governance.yaml"))
	if err != nil {
		return "", false
	}
	var g struct {
		Languages []string `yaml:"languages"`
	}
	if yaml.Unmarshal(b, &g) != nil || len(g.Languages) == 0 {
		return "", false
	}
	return diag.ParseLang(g.Languages[0])
}
