package doc

// Kind is the kind of a governance file. It follows from the file's path.
type Kind string

// The kinds of file in a governance repository (see data-model.md).
const (
	Governance         Kind = "governance"
	Units              Kind = "units"
	People             Kind = "people"
	NationalActivities Kind = "national-activities"
	Committee          Kind = "committee"
	Mandate            Kind = "mandate"
	MandateText        Kind = "mandate-text"
	Decision           Kind = "decision"
	Meeting            Kind = "meeting"
	Center             Kind = "center"
	Strategy           Kind = "strategy"
	ActionPlan         Kind = "action-plan"
	Report             Kind = "report"
	Education          Kind = "education"
	Advice             Kind = "advice"
	Evaluation         Kind = "evaluation"
)

// Kinds lists every kind that has a JSON Schema, in a stable order.
var Kinds = []Kind{
	Governance, Units, People, NationalActivities, Committee, Mandate,
	Decision, Meeting, Center, Strategy, ActionPlan, Report, Education,
	Advice, Evaluation,
}

// Document is one loaded file.
type Document struct {
	// Path is relative to the repository root, with forward slashes.
	Path string
	Kind Kind
	// PathID is the identifying part of the path: the center id for center
	// files, the decision id, the meeting date, the report period, the
	// action-plan year, the mandate id, "<from>-<to>" for a strategy,
	// "<date>-<slug>" for advice, the term number for an evaluation.
	PathID string
	// Center is the center folder the file is in, if any.
	Center string
	// Root is the YAML data (the front matter for Markdown). Nil when the
	// file could not be parsed.
	Root *Node
	// Body is the Markdown after the front matter; BodyLine is the line
	// of the file its first line is on.
	Body     string
	BodyLine int
	// Markdown reports whether the file is Markdown with front matter.
	Markdown bool
}
