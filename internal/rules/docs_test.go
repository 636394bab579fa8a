package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/rules"
)

// TestDocsCurrent fails when docs/rules.md (Norwegian) or docs/rules.en.md
// no longer say what the rule values say. Regenerate with
//
//	go test ./internal/rules -run TestDocsCurrent -update
func TestDocsCurrent(t *testing.T) {
	for file, lang := range map[string]diag.Lang{"rules.md": diag.NB, "rules.en.md": diag.EN} {
		path := filepath.Join("..", "..", "docs", file)
		want := rules.Markdown(lang)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (generate it with -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("docs/%s is stale: run `go test ./internal/rules -run TestDocsCurrent -update`", file)
		}
	}
}

// TestDocsListEachRuleOnce: the catalogue's tables name every rule once,
// under its scope's one heading, and give each rule one section.
func TestDocsListEachRuleOnce(t *testing.T) {
	md := string(rules.Markdown(diag.EN))
	for _, r := range rules.All {
		if n := strings.Count(md, "| [`"+r.ID+"`](#"+r.ID+") |"); n != 1 {
			t.Errorf("%s is in the tables %d times", r.ID, n)
		}
		if n := strings.Count(md, "\n### "+r.ID+"\n"); n != 1 {
			t.Errorf("%s has %d sections", r.ID, n)
		}
	}
	if n := strings.Count(md, "\n## "); n != 3 {
		t.Errorf("%d scope headings, want 3", n)
	}
}
