package schema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ous-pm/pmgov/internal/spelling"

	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// typeWords names JSON types for a reader who writes YAML.
var typeWords = map[string]diag.Text{
	"string":  diag.M("schema.type-words.string"),
	"integer": diag.M("schema.type-words.integer"),
	"number":  diag.M("schema.type-words.number"),
	"boolean": diag.M("schema.type-words.boolean"),
	"array":   diag.M("schema.type-words.array"),
	"object":  diag.M("schema.type-words.object"),
	"null":    diag.M("load.describe.empty"),
}

func typeWord(t string) diag.Text {
	if w, ok := typeWords[t]; ok {
		return w
	}
	return diag.Text{NB: t, EN: t}
}

func typeMessage(name diag.Text, n *doc.Node, k *kind.Type) diag.Text {
	if k.Got == "null" {
		return diag.M("schema.type-message.text", name)
	}
	var wantNB, wantEN []string
	for _, w := range k.Want {
		if w == "null" {
			continue
		}
		wantNB = append(wantNB, typeWord(w).NB)
		wantEN = append(wantEN, typeWord(w).EN)
	}
	got := typeWord(k.Got)
	if n != nil && n.Kind == doc.Scalar {
		// The node knows 42 is an integer; JSON Schema only sees a number.
		got = typeWord(n.TypeName())
	}
	if v := scalarText(n); v != "" {
		return diag.M("schema.type-message.text-2", name, diag.JoinWith("word.or", wantNB, wantEN), got, v)
	}
	return diag.M("schema.type-message.text-3", name, diag.JoinWith("word.or", wantNB, wantEN), got)
}

// reLeadingNumber finds the number in text such as "30 %", "1,5 årsverk" or
// "ca. 20", so the hint can say exactly what to write.
var reLeadingNumber = regexp.MustCompile(`^\D{0,5}?(-?\d+(?:[.,]\d+)?)`)

func typeHint(field string, prop map[string]any, k *kind.Type, n *doc.Node) diag.Text {
	want := ""
	for _, w := range k.Want {
		if w != "null" {
			want = w
			break
		}
	}
	var h diag.Text
	switch {
	case k.Got == "null":
		h = diag.M("schema.type-hint.h")
	case want == "array":
		h = diag.M("schema.type-hint.h-2")
	case want == "object":
		h = diag.M("schema.type-hint.h-3")
	case want == "string":
		h = diag.M("schema.type-hint.h-4")
	case want == "integer" || want == "number":
		if m := reLeadingNumber.FindStringSubmatch(scalarText(n)); m != nil && field != "" && (want == "number" || !strings.ContainsAny(m[1], ".,")) {
			num := strings.ReplaceAll(m[1], ",", ".")
			return diag.M("schema.type-hint.text", field, num)
		}
		h = diag.M("schema.type-hint.h-5")
	case want == "boolean":
		h = diag.M("schema.type-hint.h-6")
	default:
		h = diag.M("schema.type-hint.h-7")
	}
	return withExample(h, field, prop)
}

func enumMessage(name diag.Text, got any) diag.Text {
	return diag.M("schema.enum-message.text", name, fmt.Sprint(got))
}

func enumHint(field string, got any, want []any) diag.Text {
	vals := make([]string, len(want))
	for i, w := range want {
		vals[i] = fmt.Sprint(w)
	}
	list := strings.Join(vals, ", ")
	near := nearest(fmt.Sprint(got), vals)
	for _, w := range bokmalEnum[strings.ToLower(strings.TrimSpace(fmt.Sprint(got)))] {
		if near == "" && slices.Contains(vals, w) {
			near = w
		}
	}
	if near != "" {
		return diag.M("schema.enum-hint.text",
			near, field, near, list)
	}
	return diag.M("schema.enum-hint.text-2", list)
}

// bokmalEnum maps the Norwegian word an author is likely to write to the
// English value the data model uses, so the hint can say which one is meant.
var bokmalEnum = map[string][]string{
	"aktiv": {"active"}, "foreslått": {"proposed"}, "nedlagt": {"closed"}, "lukket": {"closed"},
	"behandling": {"treatment"}, "behandlingsorientert": {"treatment"}, "teknologi": {"technology"},
	"leder": {"leader", "chair", "leads"}, "senterleder": {"leader"}, "nestleder": {"deputy-leader"},
	"medlem": {"member"}, "sekretær": {"secretary"},
	"planlagt": {"planned"}, "pågår": {"in-progress", "running"}, "pågående": {"in-progress", "running"},
	"ferdig": {"done", "completed"}, "gjennomført": {"done", "completed"}, "fullført": {"done", "completed"},
	"avsluttet": {"completed", "done"}, "forsinket": {"delayed"}, "avlyst": {"cancelled"},
	"prosent": {"percent"}, "årsverk": {"fte"}, "kroner": {"nok"}, "kr": {"nok"},
	"høy": {"high"}, "middels": {"medium"}, "lav": {"low"},
	"gitt": {"proposed"}, "fulgt": {"accepted"}, "godtatt": {"accepted"}, "avslått": {"declined"}, "ikke fulgt": {"declined"},
	"videreføres": {"continue"}, "videreføre": {"continue"}, "fortsette": {"continue"},
	"justeres": {"adjust"}, "justere": {"adjust"}, "legges ned": {"close"}, "legge ned": {"close"},
	"leder forskning": {"leads"}, "initierer": {"initiates"}, "bidrar": {"contributes"},
	"kvartal": {"quarterly"}, "kvartalsvis": {"quarterly"}, "halvår": {"semiannual"}, "halvårlig": {"semiannual"},
	"årlig": {"annual"}, "tertialvis": {"tertial"},
	"klinikere": {"clinicians"}, "helsepersonell": {"health-personnel"}, "ikke-helsepersonell": {"non-health-personnel"},
	"bokmål": {"nb"}, "norsk": {"nb"}, "engelsk": {"en"},
	"feil": {"error"}, "advarsel": {"warning"},
}

var (
	reLooseDate = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	reNorDate   = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`)
)

var monthsNB = [...]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

func formatText(name diag.Text, field string, prop map[string]any, k *kind.Format) (msg, hint diag.Text) {
	got := fmt.Sprint(k.Got)
	switch k.Want {
	case "date":
		return dateText(name, got)
	case "email":
		return diag.M("schema.format-text.text", got, name),
			withExample(diag.M("schema.format-text.message"), field, prop)
	}
	return diag.M("schema.format-text.text-2", name, k.Want, got),
		withExample(diag.M("schema.type-hint.h-7"), field, prop)
}

// dateText explains a bad date and, where the intent is clear, says the
// exact date to write.
func dateText(name diag.Text, got string) (msg, hint diag.Text) {
	y, m, d, ok := 0, 0, 0, false
	if p := reLooseDate.FindStringSubmatch(got); p != nil {
		y, m, d, ok = atoi(p[1]), atoi(p[2]), atoi(p[3]), true
	} else if p := reNorDate.FindStringSubmatch(got); p != nil {
		y, m, d, ok = atoi(p[3]), atoi(p[2]), atoi(p[1]), true
	}
	if ok {
		switch {
		case m < 1 || m > 12:
			return diag.M("schema.date-text.text", got, name, m),
				diag.M("schema.date-text.text-2", y)
		case d < 1 || d > daysIn(y, m):
			return diag.M("schema.date-text.text-3", got, name, diag.Text{NB: monthsNB[m-1], EN: time.Month(m).String()}, y, daysIn(y, m)),
				diag.M("schema.date-text.text-4", y, m, daysIn(y, m))
		}
		want := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		return diag.M("schema.date-text.text-5", got, name),
			diag.M("schema.date-text.text-6", want)
	}
	return diag.M("schema.date-text.text-7", got, name),
		diag.M("schema.date-text.text-8")
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// patternHelp explains a pattern of the schemas in words, with a way to
// suggest the value the author probably meant.
type patternHelp struct {
	what    diag.Text // "a valid id: …", completes "«x» is not …"
	suggest func(string) string
}

// patterns maps each pattern used in schemas/*.schema.json to its
// explanation; a test checks that every pattern in the schemas is here.
var patterns = map[string]patternHelp{
	`\S`: {what: diag.M("schema.patterns.what")},
	`^(https?://[^\s/?#]+[^\s]*|mailto:[^\s@]+@[^\s@]+)$`: {
		what: diag.M("schema.patterns.what-2"),
		suggest: func(s string) string {
			if strings.HasPrefix(s, "www.") {
				return "https://" + s
			}
			return ""
		},
	},
	`^[a-z0-9]+(-[a-z0-9]+)*$`: {
		what:    diag.M("schema.patterns.what-3"),
		suggest: func(s string) string { return slug(s, "-", false) },
	},
	`^[a-z0-9]+([.-][a-z0-9]+)*$`: {
		what:    diag.M("schema.patterns.what-4"),
		suggest: func(s string) string { return slug(s, ".", false) },
	},
	`^[A-Z0-9]+(-[A-Z0-9]+)*$`: {
		what:    diag.M("schema.patterns.what-5"),
		suggest: func(s string) string { return slug(s, "-", true) },
	},
	`^[A-Z][A-Z0-9]*-[0-9]{4}-[0-9]{2,}$`: {
		what:    diag.M("schema.patterns.what-6"),
		suggest: padLastNumber,
	},
	`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-[0-9]{4}-[0-9]{2,}$`: {
		what:    diag.M("schema.patterns.what-7"),
		suggest: padLastNumber,
	},
	`^G[0-9]+$`: {
		what:    diag.M("schema.patterns.what-8"),
		suggest: func(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) },
	},
	`^[0-9]{4}-(T[1-3]|Q[1-4]|H[12]|Y)$`: {
		what:    diag.M("schema.patterns.what-9"),
		suggest: func(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) },
	},
	`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`: {
		what: diag.M("schema.patterns.what-10"),
		suggest: func(s string) string {
			return strings.TrimPrefix(s, "@")
		},
	},
	`^strategy-[0-9]{4}-[0-9]{4}$`: {
		what: diag.M("schema.patterns.what-11"),
		suggest: func(s string) string {
			return "strategy-" + strings.TrimSuffix(strings.TrimPrefix(s, "strategy-"), ".md")
		},
	},
	`^term-[1-9][0-9]*$`: {
		what:    diag.M("schema.patterns.what-12"),
		suggest: func(s string) string { return "term-" + strings.TrimSuffix(strings.TrimPrefix(s, "term-"), ".md") },
	},
}

func patternText(name diag.Text, field string, prop map[string]any, got, pattern string) (msg, hint diag.Text) {
	help, ok := patterns[pattern]
	if !ok {
		return diag.M("schema.pattern-text.text", got, name, pattern),
			withExample(diag.M("schema.type-hint.h-7"), field, prop)
	}
	if pattern == `\S` {
		return diag.M("schema.type-message.text", name),
			withExample(diag.M("schema.pattern-text.message"), field, prop)
	}
	msg = diag.M("schema.pattern-text.msg", got, name, help.what)
	if help.suggest != nil {
		if s := help.suggest(got); s != "" && s != got && patternRE(pattern).MatchString(s) {
			return msg, diag.M("schema.pattern-text.text-2", field, yamlInline(s))
		}
	}
	return msg, withExample(diag.M("schema.type-hint.h-7"), field, prop)
}

var (
	patternOnce sync.Once
	patternREs  map[string]*regexp.Regexp
)

// patternRE is the compiled form of a pattern in the table, so a suggestion
// is only offered when it would itself pass.
func patternRE(p string) *regexp.Regexp {
	patternOnce.Do(func() {
		patternREs = map[string]*regexp.Regexp{}
		for k := range patterns {
			patternREs[k] = regexp.MustCompile(k)
		}
	})
	return patternREs[p]
}

var reTrailingNumber = regexp.MustCompile(`-(\d)$`)

// padLastNumber turns PMU-2024-3 into PMU-2024-03.
func padLastNumber(s string) string {
	return reTrailingNumber.ReplaceAllString(strings.ToUpper(s), "-0$1")
}

// slug turns a name into an id: Norwegian letters spelt out, other runs of
// characters joined by sep.
func slug(s, sep string, upper bool) string {
	r := strings.NewReplacer("æ", "ae", "Æ", "AE", "ø", "o", "Ø", "O", "å", "aa", "Å", "AA", "é", "e", "ü", "u", "ö", "o", "ä", "a")
	s = r.Replace(s)
	if upper {
		s = strings.ToUpper(s)
	} else {
		s = strings.ToLower(s)
	}
	var parts []string
	var cur strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			cur.WriteRune(c)
			continue
		}
		if sep == "." && c == '-' && cur.Len() > 0 {
			cur.WriteRune(c)
			continue
		}
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
	}
	if cur.Len() > 0 {
		parts = append(parts, cur.String())
	}
	return strings.Join(parts, sep)
}

// addHint says what to write for a missing field, with its example.
func addHint(field string, prop map[string]any, where diag.Text) diag.Text {
	if ex, ok := example(prop); ok {
		return diag.M("schema.add-hint.text", field, ex, where)
	}
	return diag.M("schema.add-hint.text-2", field, where)
}

// withExample appends the field's first example to a hint.
func withExample(h diag.Text, field string, prop map[string]any) diag.Text {
	ex, ok := example(prop)
	if !ok || field == "" {
		return h
	}
	return diag.M("schema.with-example.text", h, field, ex)
}

// maxExample keeps hints to one readable line; a longer example is left to
// `pmgov schema KIND` and the editor.
const maxExample = 100

func example(prop map[string]any) (string, bool) {
	exs, _ := prop["examples"].([]any)
	for _, e := range exs {
		if e != nil {
			s := yamlInline(e)
			return s, len([]rune(s)) <= maxExample
		}
	}
	return "", false
}

// yamlInline writes a JSON value as YAML flow text, as an author would type
// it on one line.
func yamlInline(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		if plainSafe(v) {
			return v
		}
		return strconv.Quote(v)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = yamlInline(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + yamlInline(v[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

var reNumberLike = regexp.MustCompile(`^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$|^0x[0-9a-fA-F]+$|^0o[0-7]+$`)

// plainSafe reports whether s can be written without quotes and still be
// read back as the same text.
func plainSafe(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || reNumberLike.MatchString(s) {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		return false
	}
	if strings.ContainsAny(s[:1], "#{}[],&*!|>'\"%@`") || strings.ContainsAny(s, "{}[],\"\n\t") ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	return !strings.HasPrefix(s, "- ") && !strings.HasPrefix(s, "? ") && s != "-"
}

// scalarText is a scalar node's text, or "" for maps and lists.
func scalarText(n *doc.Node) string {
	if n == nil || n.Kind != doc.Scalar {
		return ""
	}
	return n.Value
}

func ratText(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// nearest returns the candidate closest to s when it is close enough to be a
// probable typo (case-insensitive edit distance of at most a third of the
// word, and at least 1), or "".
func nearest(s string, candidates []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := spelling.Distance(ls, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, len([]rune(s))/3)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}
