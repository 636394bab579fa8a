package load

import (
	"path"
	"strings"

	"github.com/ous-pm/pmgov/internal/spelling"
)

// Suggest returns the place in the data model that a misplaced file or
// folder was most likely meant for: a misspelt or Norwegian folder name
// (centers/kre/report/ → reports/, rapporter/ → reports/), a misspelt file
// name (centre.yaml → center.yaml, strategi-2024-2026.md →
// strategy-2024-2026.md), the wrong extension (.yml → .yaml). It gives ""
// when nothing close has a place either: then the message lists them all.
func Suggest(p string, isDir bool) string {
	parts := strings.Split(p, "/")
	for i := range parts {
		last := i == len(parts)-1
		if last && !isDir {
			parts[i] = fileName(parts[:i], parts[i])
			continue
		}
		parts[i] = folderName(parts[:i], parts[i])
	}
	s := strings.Join(parts, "/")
	if s == p {
		return ""
	}
	if isDir {
		if isKnownDir(s) {
			return s
		}
		return ""
	}
	if _, _, _, ok := Classify(s); ok {
		return s
	}
	return ""
}

// folders are the folder names the data model has after each parent
// (centers/* stands for any center), with the Norwegian words staff may
// reach for first.
var folders = map[string][]string{
	"":          {"org", "committee", "centers"},
	"committee": {"mandates", "decisions", "meetings"},
	"centers/*": {"action-plans", "reports", "advice", "evaluations"},
}

var norwegian = map[string]string{
	"organisasjon": "org", "utvalg": "committee", "pm-utvalget": "committee", "sentre": "centers", "senter": "centers", "sentra": "centers",
	"mandater": "mandates", "vedtak": "decisions", "møter": "meetings", "moter": "meetings", "motereferat": "meetings", "referater": "meetings",
	"handlingsplaner": "action-plans", "handlingsplan": "action-plans", "tiltaksplaner": "action-plans",
	"rapporter": "reports", "statusrapporter": "reports", "rapport": "reports",
	"råd": "advice", "rad": "advice", "radgivning": "advice", "rådgivning": "advice",
	"evalueringer": "evaluations", "evaluering": "evaluations",
}

func parentKey(parents []string) string {
	if len(parents) == 2 && parents[0] == "centers" {
		return "centers/*"
	}
	return strings.Join(parents, "/")
}

func folderName(parents []string, name string) string {
	known, ok := folders[parentKey(parents)]
	if !ok {
		return name // a center's own folder name is its id: anything goes
	}
	lower := strings.ToLower(name)
	if w, ok := norwegian[lower]; ok {
		return w
	}
	if n := spelling.Nearest(lower, known); n != "" {
		return n
	}
	return name
}

// files are the file names the data model has in each folder; # stands
// for a run of digits, so that strategi-2024-2026.md is compared as
// strategi-#-#.md.
var files = map[string][]string{
	"":                      {"governance.yaml"},
	"org":                   {"units.yaml", "people.yaml", "national-activities.yaml"},
	"committee":             {"committee.yaml"},
	"centers/*":             {"center.yaml", "education.yaml", "strategy-#-#.md"},
	"centers/*/evaluations": {"term-#.md"},
}

var norwegianFiles = map[string]string{
	"styring.yaml": "governance.yaml", "enheter.yaml": "units.yaml", "personer.yaml": "people.yaml", "folk.yaml": "people.yaml",
	"nasjonale-aktiviteter.yaml": "national-activities.yaml", "utvalg.yaml": "committee.yaml", "pm-utvalget.yaml": "committee.yaml",
	"senter.yaml": "center.yaml", "sentre.yaml": "center.yaml", "utdanning.yaml": "education.yaml", "opplaering.yaml": "education.yaml",
	"strategi-#-#.md": "strategy-#-#.md", "periode-#.md": "term-#.md", "evaluering-#.md": "term-#.md",
}

func fileName(parents []string, name string) string {
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	switch strings.ToLower(ext) {
	case ".yml", ".yaml":
		ext = ".yaml"
	case ".md", ".markdown", ".mdown":
		ext = ".md"
	}
	name = base + ext
	key := parentKey(parents)
	if len(parents) == 3 && parents[0] == "centers" {
		key = "centers/*/" + parents[2]
	}
	shape, digits := skeleton(strings.ToLower(name))
	if w, ok := norwegianFiles[shape]; ok {
		return fill(w, digits)
	}
	if known, ok := files[key]; ok {
		if n := spelling.Nearest(shape, known); n != "" {
			return fill(n, digits)
		}
	}
	return name
}

// skeleton replaces every run of digits in s by # and returns the runs.
func skeleton(s string) (string, []string) {
	var b strings.Builder
	var runs []string
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j > i {
			runs = append(runs, s[i:j])
			b.WriteByte('#')
			i = j
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), runs
}

// fill puts the digit runs back into a skeleton's #s, in order; a shape
// with more #s than runs keeps the rest as they are.
func fill(shape string, runs []string) string {
	var b strings.Builder
	for i := 0; i < len(shape); i++ {
		if shape[i] == '#' && len(runs) > 0 {
			b.WriteString(runs[0])
			runs = runs[1:]
			continue
		}
		b.WriteByte(shape[i])
	}
	return b.String()
}
