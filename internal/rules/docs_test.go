package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
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
