package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

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
	return &usageErr{text: diag.M("cli.cause", t, c), err: err}
}

// causeText says what went wrong below pmgov in both languages: the
// history errors carry their own text, the common file system failures are
// named in Norwegian, and anything else keeps its English text.
func causeText(err error) diag.Text {
	var ue *usageErr
	var ae *history.AmbiguousError
	var oe *history.ObjectError
	var fe *history.FetchError
	var df *diag.Failure
	var pe *fs.PathError
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
	case errors.As(err, &df):
		return df.Text
	case errors.Is(err, fs.ErrNotExist):
		return pathText(err, diag.M("cli.cause.not-exist"))
	case errors.Is(err, fs.ErrPermission):
		return pathText(err, diag.M("cli.cause.permission"))
	case errors.As(err, &pe):
		return ioText(pe)
	}
	return cobraText(err.Error())
}

// ioOps are the file operations a failure is told with (cli.io.<op>).
var ioOps = map[string]string{
	"open": "cli.io.open", "read": "cli.io.read", "write": "cli.io.write", "readdir": "cli.io.readdir",
	"mkdir": "cli.io.mkdir", "rename": "cli.io.rename", "remove": "cli.io.remove",
	"stat": "cli.io.read", "lstat": "cli.io.read", "close": "cli.io.write", "sync": "cli.io.write",
}

// ioErrnos are the system's reasons a file operation failed, in words.
var ioErrnos = map[syscall.Errno]string{
	syscall.ENOSPC: "cli.io.no-space", syscall.EISDIR: "cli.io.is-dir", syscall.ENOTDIR: "cli.io.not-dir",
	syscall.EROFS: "cli.io.read-only", syscall.EEXIST: "cli.io.exists", syscall.ENOTEMPTY: "cli.io.not-empty",
}

// ioText tells a failed file operation with a translated lead: what pmgov
// tried on which path, then why, in words where the reason is a common one
// and else as the system gives it.
func ioText(pe *fs.PathError) diag.Text {
	why := diag.Text{NB: pe.Err.Error(), EN: pe.Err.Error()}
	var errno syscall.Errno
	if errors.As(pe.Err, &errno) {
		if key, ok := ioErrnos[errno]; ok {
			why = diag.M(key)
		}
	}
	key, ok := ioOps[pe.Op]
	if !ok {
		key = "cli.io.other"
	}
	return diag.M(key, pe.Path, why)
}

// pathText names the path of a file system error with what happened to it.
func pathText(err error, what diag.Text) diag.Text {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return diag.M("cli.path-error", pe.Path, what)
	}
	return what
}

// cobraUsage are cobra's and pflag's usage messages, each with the key of
// its wording in the catalogue (cli.cobra.*). The English wording is
// cobra's own; the submatches fill the format.
var cobraUsage = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^unknown flag: (\S+)$`), "cli.cobra.unknown-flag"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)$`), "cli.cobra.unknown-shorthand"},
	{regexp.MustCompile(`^flag needs an argument: (.+)$`), "cli.cobra.needs-argument"},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.+)" flag: (.*)$`), "cli.cobra.invalid-argument"},
	{regexp.MustCompile(`^unknown command "(.+)" for "(.+)"(?s:(.*))$`), "cli.cobra.unknown-command"},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), "cli.cobra.at-most-args"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "cli.cobra.exact-args"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "cli.cobra.min-args"},
	{regexp.MustCompile(`^required flag\(s\) (.+) not set$`), "cli.cobra.required-flag"},
}

// cobraText gives a cobra usage message in both languages; any other text
// is returned as it is in both.
func cobraText(s string) diag.Text {
	for _, u := range cobraUsage {
		m := u.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		args := make([]any, len(m)-1)
		for i, a := range m[1:] {
			// cobra's suggestions follow an unknown command.
			if nb, ok := strings.CutPrefix(a, "\n\nDid you mean this?"); ok {
				args[i] = diag.Text{NB: diag.M("cli.cobra.did-you-mean").NB + nb, EN: a}
				continue
			}
			args[i] = a
		}
		return diag.M(u.key, args...)
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
