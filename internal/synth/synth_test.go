package synth

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/validate"
)

func TestSizes(t *testing.T) {
	files := Files(Spec{Centers: 10, DocsPerCenter: 99})
	// 13 common files + 1 technology center + 10 × (center.yaml + 99 docs)
	if got, want := len(files), 13+1+10*100; got != want {
		t.Fatalf("files = %d, want %d", got, want)
	}
}

// TestValid proves a generated repository is valid as of a day inside the
// current term: benchmarks measure the work on clean data, as on a real
// repository.
func TestValid(t *testing.T) {
	res := validate.Run(MapFS(Spec{Centers: 3, DocsPerCenter: 40}), validate.Options{AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	for _, d := range res.Diags {
		if d.Severity == diag.Error || d.Severity == diag.Warning {
			t.Errorf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message.EN, d.Rule)
		}
	}
}

// TestWrite writes a repository for measuring the command from outside:
//
//	PMGOV_SYNTH_DIR=/tmp/synth go test -run TestWrite ./internal/synth
//	/usr/bin/time -v go run ./cmd/pmgov validate /tmp/synth
//
// PMGOV_SYNTH_CENTERS=1000 writes ten times as many centers: 100,012
// documents instead of 10,012.
func TestWrite(t *testing.T) {
	dir := os.Getenv("PMGOV_SYNTH_DIR")
	if dir == "" {
		t.Skip("set PMGOV_SYNTH_DIR to write a 10,000-document repository there")
	}
	centers := 100
	if s := os.Getenv("PMGOV_SYNTH_CENTERS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			t.Fatalf("PMGOV_SYNTH_CENTERS=%q: want a number of centers from 1 to 1000", s)
		}
		centers = n
	}
	if err := Write(dir, Spec{Centers: centers, DocsPerCenter: 99}); err != nil {
		t.Fatal(err)
	}
}
