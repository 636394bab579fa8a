package load

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

// parserPhrases are goccy's own words. None may reach a Norwegian message:
// the corpus of hand-made mistakes must be explained, not passed through
// ("parserens melding" is the lead-in of a message passed through).
var parserPhrases = []string{
	"non-map value is specified", "value is not allowed in this context", "could not find",
	"unexpected", "must be specified", "is a reserved character", "not found",
	"mapping value", "found", "invalid", "sequence", "token", "parserens melding",
}

// TestMistakeCorpus: each testdata/mistakes/*.txtar archive is one mistake
// people make writing YAML by hand, in the file where it is made, and in
// its comment (the directives of TestBadInputCorpus) the one syntax
// diagnostic it must give, at the line and column of the mistake, and the
// words of the fix its hint must contain. Every message is checked to be
// in both languages, the Norwegian one free of the parser's English.
func TestMistakeCorpus(t *testing.T) {
	archives, err := filepath.Glob("testdata/mistakes/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(archives) < 40 {
		t.Fatalf("the corpus has %d cases; it must have at least 40", len(archives))
	}
	for _, file := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c := parseCase(t, ar.Comment)
			if len(c.want) != 1 || len(c.hints) == 0 {
				t.Fatalf("a mistake case wants exactly one diagnostic and the words of its fix (want, hint)")
			}
			fsys := fstest.MapFS{}
			for _, f := range ar.Files {
				data := f.Data
				if c.quoted[f.Name] {
					s, err := strconv.Unquote(strings.TrimSpace(string(data)))
					if err != nil {
						t.Fatalf("%s: not a Go string literal: %v", f.Name, err)
					}
					data = []byte(s)
				}
				fsys[f.Name] = &fstest.MapFile{Data: data}
			}
			res := loadBounded(t, fsys, 10*time.Second)
			checkCase(t, c, res)
			for _, d := range res.Diags {
				if d.Message.NB == d.Message.EN || d.Hint.NB == d.Hint.EN {
					t.Errorf("%s: the Norwegian text is the English one: %q", d.Pos, d.Message.NB)
				}
				low := strings.ToLower(d.Message.NB)
				for _, p := range parserPhrases {
					if strings.Contains(low, p) {
						t.Errorf("%s: the Norwegian message carries the parser's English %q: %q", d.Pos, p, d.Message.NB)
					}
				}
			}
		})
	}
}

// TestProjectYAMLReadsClean holds the checks for hand-made mistakes to the
// YAML the project has: the default content, the shared fixture, the
// synthetic repository and the rules' fixtures (but for one that wants a
// syntax finding) must give no syntax or limits finding, on the reference path as on the fast one (which leaves to the
// reference all that the checks look at).
func TestProjectYAMLReadsClean(t *testing.T) {
	for name, data := range treeInputs(t) {
		if strings.HasPrefix(name, "testdata/") {
			continue
		}
		if strings.Contains(string(data), "# want: syntax") {
			continue // a rules fixture that is broken on purpose says so
		}
		src, lineOffset, ok := yamlOf(name, data)
		if !ok {
			continue
		}
		if _, p := referenceTree(src, lineOffset); p != nil {
			t.Errorf("%s: %s %d:%d %s", name, p.rule, p.line, p.col, p.msg.EN)
		}
		if _, p := parseYAML(src, lineOffset); p != nil {
			t.Errorf("%s: %s %d:%d %s", name, p.rule, p.line, p.col, p.msg.EN)
		}
	}
}
