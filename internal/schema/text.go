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
	"string":  {NB: "tekst", EN: "text"},
	"integer": {NB: "et heltall", EN: "a whole number"},
	"number":  {NB: "et tall", EN: "a number"},
	"boolean": {NB: "true eller false", EN: "true or false"},
	"array":   {NB: "en liste", EN: "a list"},
	"object":  {NB: "en samling felt (navn: verdi)", EN: "a set of fields (name: value)"},
	"null":    {NB: "tom", EN: "empty"},
}

func typeWord(t string) diag.Text {
	if w, ok := typeWords[t]; ok {
		return w
	}
	return diag.Text{NB: t, EN: t}
}

func typeMessage(name diag.Text, n *doc.Node, k *kind.Type) diag.Text {
	if k.Got == "null" {
		return tr("feltet %s er tomt", "the field %s is empty", name)
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
		return diag.Text{
			NB: fmt.Sprintf("%s skal være %s, men er %s: «%s»", name.NB, strings.Join(wantNB, " eller "), got.NB, v),
			EN: fmt.Sprintf("%s must be %s, but is %s: %q", name.EN, strings.Join(wantEN, " or "), got.EN, v),
		}
	}
	return diag.Text{
		NB: fmt.Sprintf("%s skal være %s, men er %s", name.NB, strings.Join(wantNB, " eller "), got.NB),
		EN: fmt.Sprintf("%s must be %s, but is %s", name.EN, strings.Join(wantEN, " or "), got.EN),
	}
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
		h = diag.T("Skriv en verdi etter kolonet.", "Write a value after the colon.")
	case want == "array":
		h = diag.T("Skriv verdien som en liste: i hakeparenteser, [a, b], eller ett element per linje med «- » foran.",
			"Write the value as a list: in brackets, [a, b], or one item per line starting with \"- \".")
	case want == "object":
		h = diag.T("Skriv feltene på egne linjer under, med to mellomrom innrykk.",
			"Write the fields on their own lines below, indented by two spaces.")
	case want == "string":
		h = diag.T("Sett verdien i anførselstegn, så blir den lest som tekst.",
			"Put the value in quotes so that it is read as text.")
	case want == "integer" || want == "number":
		if m := reLeadingNumber.FindStringSubmatch(scalarText(n)); m != nil && field != "" && (want == "number" || !strings.ContainsAny(m[1], ".,")) {
			num := strings.ReplaceAll(m[1], ",", ".")
			return diag.T("Skriv bare tallet, uten %%, enhet eller anførselstegn: «%s: %s».",
				"Write the number alone, without %%, unit or quotes: \"%s: %s\".", field, num)
		}
		h = diag.T("Skriv tallet uten anførselstegn, %%, enhet eller ord.", "Write the number without quotes, %%, unit or words.")
	case want == "boolean":
		h = diag.T("Skriv true eller false.", "Write true or false.")
	default:
		h = diag.T("Rett verdien.", "Correct the value.")
	}
	return withExample(h, field, prop)
}

func enumMessage(name diag.Text, got any) diag.Text {
	return tr("%s har verdien «%s», som ikke er tillatt", "%s has the value %q, which is not allowed", name, fmt.Sprint(got))
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
		return diag.T("Mente du «%s»? Skriv «%s: %s». Tillatte verdier: %s.", "Did you mean %q? Write \"%s: %s\". Allowed values: %s.",
			near, field, near, list)
	}
	return diag.T("Skriv en av de tillatte verdiene: %s.", "Write one of the allowed values: %s.", list)
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
		return tr("«%s» i %s er ikke en gyldig e-postadresse", "%q in %s is not a valid email address", got, name),
			withExample(diag.T("Skriv adressen som navn@domene, uten mellomrom.", "Write the address as name@domain, without spaces."), field, prop)
	}
	return tr("%s er ikke gyldig %s: «%s»", "%s is not a valid %s: %q", name, k.Want, got),
		withExample(diag.T("Rett verdien.", "Correct the value."), field, prop)
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
			return tr("«%s» i %s er ikke en dato: måned %d finnes ikke", "%q in %s is not a date: there is no month %d", got, name, m),
				diag.T("Skriv datoen som ÅÅÅÅ-MM-DD med måned 01–12, f.eks. %04d-06-30.", "Write the date as YYYY-MM-DD with a month from 01 to 12, e.g. %04d-06-30.", y)
		case d < 1 || d > daysIn(y, m):
			return diag.Text{
					NB: fmt.Sprintf("datoen «%s» i %s finnes ikke: %s %d har %d dager", got, name.NB, monthsNB[m-1], y, daysIn(y, m)),
					EN: fmt.Sprintf("the date %q in %s does not exist: %s %d has %d days", got, name.EN, time.Month(m), y, daysIn(y, m)),
				},
				diag.T("Rett dagen; siste dag i måneden er %04d-%02d-%02d.", "Correct the day; the last day of the month is %04d-%02d-%02d.", y, m, daysIn(y, m))
		}
		want := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		return tr("«%s» i %s er ikke skrevet som ÅÅÅÅ-MM-DD", "%q in %s is not written as YYYY-MM-DD", got, name),
			diag.T("Skriv «%s» (fire sifre for år, to for måned og to for dag).", "Write %q (four digits for the year, two for the month and two for the day).", want)
	}
	return tr("«%s» i %s er ikke en dato på formen ÅÅÅÅ-MM-DD", "%q in %s is not a date of the form YYYY-MM-DD", got, name),
		diag.T("Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2025-06-30.", "Write the date as YYYY-MM-DD, e.g. 2025-06-30.")
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
	`\S`: {what: diag.T("utfylt: teksten er tom", "filled in: the text is empty")},
	`^(https?://[^\s/?#]+[^\s]*|mailto:[^\s@]+@[^\s@]+)$`: {
		what: diag.T("en tillatt lenke: bare adresser som begynner med https://, http:// eller mailto: godtas",
			"an allowed link: only addresses starting with https://, http:// or mailto: are accepted"),
		suggest: func(s string) string {
			if strings.HasPrefix(s, "www.") {
				return "https://" + s
			}
			return ""
		},
	},
	`^[a-z0-9]+(-[a-z0-9]+)*$`: {
		what:    diag.T("en gyldig id: bruk bare små bokstaver a–z, tall og bindestrek", "a valid id: use only lower-case letters a–z, digits and hyphens"),
		suggest: func(s string) string { return slug(s, "-", false) },
	},
	`^[a-z0-9]+([.-][a-z0-9]+)*$`: {
		what:    diag.T("en gyldig person-id: fornavn.etternavn med små bokstaver uten æ, ø og å", "a valid person id: firstname.lastname in lower case without æ, ø and å"),
		suggest: func(s string) string { return slug(s, ".", false) },
	},
	`^[A-Z0-9]+(-[A-Z0-9]+)*$`: {
		what:    diag.T("en gyldig enhets-id: store bokstaver A–Z, tall og bindestrek, som KRE eller KLM-AMG", "a valid unit id: capitals A–Z, digits and hyphens, like KRE or KLM-AMG"),
		suggest: func(s string) string { return slug(s, "-", true) },
	},
	`^[A-Z][A-Z0-9]*-[0-9]{4}-[0-9]{2,}$`: {
		what:    diag.T("en gyldig vedtaks-id: forkortelse, år og løpenummer med minst to sifre, som PMU-2024-03", "a valid decision id: abbreviation, year and a number of at least two digits, like PMU-2024-03"),
		suggest: padLastNumber,
	},
	`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-[0-9]{4}-[0-9]{2,}$`: {
		what:    diag.T("en gyldig tiltaks-id: senterets forkortelse, år og løpenummer, som KRE-2025-01", "a valid action id: the center's abbreviation, year and number, like KRE-2025-01"),
		suggest: padLastNumber,
	},
	`^G[0-9]+$`: {
		what:    diag.T("en gyldig mål-id: G og et nummer, som G1", "a valid goal id: G and a number, like G1"),
		suggest: func(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) },
	},
	`^[0-9]{4}-(T[1-3]|Q[1-4]|H[12]|Y)$`: {
		what:    diag.T("en gyldig periode: år og T1–T3, Q1–Q4, H1–H2 eller Y, som 2025-T1", "a valid period: year and T1–T3, Q1–Q4, H1–H2 or Y, like 2025-T1"),
		suggest: func(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) },
	},
	`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`: {
		what: diag.T("et gyldig GitHub-brukernavn: bokstaver, tall og enkle bindestreker", "a valid GitHub user name: letters, digits and single hyphens"),
		suggest: func(s string) string {
			return strings.TrimPrefix(s, "@")
		},
	},
	`^strategy-[0-9]{4}-[0-9]{4}$`: {
		what: diag.T("en gyldig henvisning til en strategi: strategy-<fra år>-<til år>, som strategy-2024-2027", "a valid strategy reference: strategy-<from year>-<to year>, like strategy-2024-2027"),
		suggest: func(s string) string {
			return "strategy-" + strings.TrimSuffix(strings.TrimPrefix(s, "strategy-"), ".md")
		},
	},
	`^term-[1-9][0-9]*$`: {
		what:    diag.T("en gyldig henvisning til en evaluering: term-<nummer>, som term-1", "a valid evaluation reference: term-<number>, like term-1"),
		suggest: func(s string) string { return "term-" + strings.TrimSuffix(strings.TrimPrefix(s, "term-"), ".md") },
	},
}

func patternText(name diag.Text, field string, prop map[string]any, got, pattern string) (msg, hint diag.Text) {
	help, ok := patterns[pattern]
	if !ok {
		return tr("«%s» i %s har ikke riktig form (mønster %s)", "%q in %s does not have the right form (pattern %s)", got, name, pattern),
			withExample(diag.T("Rett verdien.", "Correct the value."), field, prop)
	}
	if pattern == `\S` {
		return tr("feltet %s er tomt", "the field %s is empty", name),
			withExample(diag.T("Skriv inn teksten.", "Write the text."), field, prop)
	}
	msg = diag.Text{
		NB: fmt.Sprintf("«%s» i %s er ikke %s", got, name.NB, help.what.NB),
		EN: fmt.Sprintf("%q in %s is not %s", got, name.EN, help.what.EN),
	}
	if help.suggest != nil {
		if s := help.suggest(got); s != "" && s != got && patternRE(pattern).MatchString(s) {
			return msg, diag.T("Skriv «%s: %s».", "Write \"%s: %s\".", field, yamlInline(s))
		}
	}
	return msg, withExample(diag.T("Rett verdien.", "Correct the value."), field, prop)
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
		return diag.Text{
			NB: fmt.Sprintf("Legg til linjen «%s: %s»%s.", field, ex, where.NB),
			EN: fmt.Sprintf("Add the line \"%s: %s\"%s.", field, ex, where.EN),
		}
	}
	return diag.Text{
		NB: fmt.Sprintf("Legg til feltet «%s» med en verdi%s.", field, where.NB),
		EN: fmt.Sprintf("Add the field %q with a value%s.", field, where.EN),
	}
}

// withExample appends the field's first example to a hint.
func withExample(h diag.Text, field string, prop map[string]any) diag.Text {
	ex, ok := example(prop)
	if !ok || field == "" {
		return h
	}
	h.NB += fmt.Sprintf(" Eksempel: «%s: %s».", field, ex)
	h.EN += fmt.Sprintf(" Example: \"%s: %s\".", field, ex)
	return h
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
