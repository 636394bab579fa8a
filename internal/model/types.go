package model

import (
	"github.com/ous-pm/pmgov/internal/doc"
)

// Source is embedded in every type decoded from a file of its own.
type Source struct {
	// Doc is the loaded document; nil for values that were not loaded from
	// a file.
	Doc *doc.Document `yaml:"-"`
}

// File is the document's path relative to the repository root.
func (s Source) File() string {
	if s.Doc == nil {
		return ""
	}
	return s.Doc.Path
}

// Body is the Markdown text after the front matter.
func (s Source) Body() string {
	if s.Doc == nil {
		return ""
	}
	return s.Doc.Body
}

// Governance is governance.yaml: the repository's settings.
type Governance struct {
	Source
	At
	Organisation         String     `yaml:"organisation"`
	ShortName            String     `yaml:"short_name"`
	Languages            Strings    `yaml:"languages"`
	Reporting            Reporting  `yaml:"reporting"`
	EvaluationNoticeDays Int        `yaml:"evaluation_notice_days"`
	Severity             Pairs      `yaml:"severity"`
	Maintainers          Strings    `yaml:"maintainers"`
	Site                 SiteConfig `yaml:"site"`
	PersonalID           PersonalID `yaml:"personal_id"`
}

// PersonalID tunes the personal-id rule.
type PersonalID struct {
	At
	// NewControlDigits asks the rule to recognise, before 2032 too, the
	// numbers the population register issues from 1 January 2032.
	NewControlDigits Bool `yaml:"new_control_digits"`
}

// Reporting is how often centers report to the committee.
type Reporting struct {
	At
	Cadence   String `yaml:"cadence"`
	GraceDays Int    `yaml:"grace_days"`
}

// SiteConfig holds settings for the generated site.
type SiteConfig struct {
	At
	Title String `yaml:"title"`
}

// Unit is a unit of the hospital's line structure (N1 hospital … N4 section).
type Unit struct {
	At
	ID     String `yaml:"id"`
	Name   String `yaml:"name"`
	Level  String `yaml:"level"`
	Parent String `yaml:"parent"`
	// ParentUnit is Parent resolved.
	ParentUnit *Unit `yaml:"-"`
}

// Clinic returns the unit's ancestor (or the unit itself) at level N2, or
// nil when it has none.
func (u *Unit) Clinic() *Unit {
	for seen := 0; u != nil && seen < 16; seen++ {
		if u.Level.V == "N2" {
			return u
		}
		u = u.ParentUnit
	}
	return nil
}

// Person is someone who holds a role anywhere in the data.
type Person struct {
	At
	ID     String `yaml:"id"`
	Name   String `yaml:"name"`
	Email  String `yaml:"email"`
	GitHub String `yaml:"github"`
	Unit   String `yaml:"unit"`
	Title  String `yaml:"title"`
	// LineUnit is Unit resolved.
	LineUnit *Unit `yaml:"-"`
}

// Activity is a national precision-medicine activity centers link to.
type Activity struct {
	At
	ID   String `yaml:"id"`
	Name String `yaml:"name"`
	// Level is national or regional.
	Level String `yaml:"level"`
	URL   String `yaml:"url"`
}

// Committee is the PM committee (PM-utvalget), which steers all centers.
type Committee struct {
	Source
	At
	Name        String   `yaml:"name"`
	Unit        String   `yaml:"unit"`
	Members     []Member `yaml:"members"`
	Secretariat Strings  `yaml:"secretariat"`
}

// Member is a seat on the committee.
type Member struct {
	At
	Person String `yaml:"person"`
	Role   String `yaml:"role"`
}

// HasMember reports whether person id sits on the committee.
func (c *Committee) HasMember(id string) bool {
	if c == nil {
		return false
	}
	for _, m := range c.Members {
		if m.Person.V == id {
			return true
		}
	}
	return false
}

// Mandate is a mandate's parameters (committee/mandates/<id>.yaml). Rules
// read every requirement from here, never from Go constants.
type Mandate struct {
	Source
	At
	ID                 String          `yaml:"id"`
	Title              String          `yaml:"title"`
	AppliesTo          String          `yaml:"applies_to"`
	AdoptedBy          String          `yaml:"adopted_by"`
	AnchorLevel        String          `yaml:"anchor_level"`
	TermYears          Int             `yaml:"term_years"`
	Themes             Strings         `yaml:"themes"`
	InitialCenters     []InitialCenter `yaml:"initial_centers"`
	BoardCompetences   Strings         `yaml:"board_competences"`
	FocusAreas         Strings         `yaml:"focus_areas"`
	Tasks              Strings         `yaml:"tasks"`
	EducationAudiences Strings         `yaml:"education_audiences"`
	// Text is the mandate's text (committee/mandates/<id>.md), if present.
	Text *doc.Document `yaml:"-"`
}

// InitialCenter is a center the mandate says must be established.
type InitialCenter struct {
	At
	Theme      String `yaml:"theme"`
	AnchorUnit String `yaml:"anchor_unit"`
}

// Decision is a committee decision (vedtak).
type Decision struct {
	Source
	At
	ID      String  `yaml:"id"`
	Date    Date    `yaml:"date"`
	Meeting String  `yaml:"meeting"`
	Title   String  `yaml:"title"`
	Type    String  `yaml:"type"`
	Centers Strings `yaml:"centers"`
	// TermEnd is the last day of the term an evaluation or extend-term
	// decision starts; EvaluationDue, when set, is the day by which the
	// committee asks that term to be evaluated (the mandate asks it only of
	// the first term).
	TermEnd       Date     `yaml:"term_end"`
	EvaluationDue Date     `yaml:"evaluation_due"`
	Waivers       []Waiver `yaml:"waivers"`
	// FollowUp are the things the decision asks to be done, each by a
	// date: the committee's own deadlines, which the forecast and the
	// agenda follow.
	FollowUp []FollowUp `yaml:"follow_up"`
}

// FollowUp is one thing a decision asks to be done by a date.
type FollowUp struct {
	At
	Text String `yaml:"text"`
	Due  Date   `yaml:"due"`
	// Responsible is the person (an id in org/people.yaml) who sees to it,
	// if the decision names one.
	Responsible String `yaml:"responsible"`
	// Done is the day it was done; until then an item whose deadline has
	// passed stays on the agenda as overdue.
	Done Date `yaml:"done"`
}

// Waiver silences one rule for one center until a date.
type Waiver struct {
	At
	Rule   String `yaml:"rule"`
	Center String `yaml:"center"`
	Until  Date   `yaml:"until"`
}

// Meeting is a committee meeting.
type Meeting struct {
	Source
	At
	Date      Date    `yaml:"date"`
	Title     String  `yaml:"title"`
	Attendees Strings `yaml:"attendees"`
	Decisions Strings `yaml:"decisions"`
}

// Center is a center (centers/<id>/center.yaml) with all its documents.
type Center struct {
	Source
	At
	ID                 String         `yaml:"id"`
	Name               String         `yaml:"name"`
	ShortName          String         `yaml:"short_name"`
	Kind               String         `yaml:"kind"`
	Mandate            String         `yaml:"mandate"`
	Theme              String         `yaml:"theme"`
	Status             String         `yaml:"status"`
	AnchorUnit         String         `yaml:"anchor_unit"`
	Leader             String         `yaml:"leader"`
	EstablishedBy      String         `yaml:"established_by"`
	ClosedBy           String         `yaml:"closed_by"`
	Terms              []Term         `yaml:"terms"`
	Board              []BoardMember  `yaml:"board"`
	ParticipatingUnits Strings        `yaml:"participating_units"`
	DiseaseGroups      []Named        `yaml:"disease_groups"`
	PatientPathways    []Named        `yaml:"patient_pathways"`
	TechnologyAreas    []TechArea     `yaml:"technology_areas"`
	NationalActivities Strings        `yaml:"national_activities"`
	Organisation       Organisation   `yaml:"organisation"`
	Funding            Funding        `yaml:"funding"`
	Editors            Strings        `yaml:"editors"`
	Research           []ResearchItem `yaml:"research"`

	// Resolved references and the center's documents, sorted by path.
	MandateRef  *Mandate      `yaml:"-"`
	LeaderRef   *Person       `yaml:"-"`
	AnchorRef   *Unit         `yaml:"-"`
	Strategies  []*Strategy   `yaml:"-"`
	ActionPlans []*ActionPlan `yaml:"-"`
	Reports     []*Report     `yaml:"-"`
	Education   *Education    `yaml:"-"`
	Advice      []*Advice     `yaml:"-"`
	Evaluations []*Evaluation `yaml:"-"`
}

// Term is one period of the center's mandate.
type Term struct {
	At
	Start           Date   `yaml:"start"`
	End             Date   `yaml:"end"`
	AfterEvaluation String `yaml:"after_evaluation"`
	// Decision is the committee decision that started the term (every
	// term after the first has one).
	Decision String `yaml:"decision"`
}

// BoardMember is a seat on the center's board (ledergruppe, «styre»).
type BoardMember struct {
	At
	Person      String  `yaml:"person"`
	Role        String  `yaml:"role"`
	Competences Strings `yaml:"competences"`
}

// Named is an id with a display name (disease groups, patient pathways).
type Named struct {
	At
	ID   String `yaml:"id"`
	Name String `yaml:"name"`
}

// TechArea pairs a treatment center with a technology center.
type TechArea struct {
	At
	Center   String `yaml:"center"`
	Decision String `yaml:"decision"`
}

// Organisation is the center's internal organisation and the decision that
// approved it.
type Organisation struct {
	At
	Decision String `yaml:"decision"`
	Summary  String `yaml:"summary"`
}

// Funding says which line unit's ordinary budget funds the center.
type Funding struct {
	At
	BudgetUnit String `yaml:"budget_unit"`
}

// ResearchItem is a research activity the center takes part in.
type ResearchItem struct {
	At
	Title String `yaml:"title"`
	Role  String `yaml:"role"`
	URL   String `yaml:"url"`
}

// Strategy is a center's strategy for a period.
type Strategy struct {
	Source
	At
	Period     Period `yaml:"period"`
	ApprovedBy String `yaml:"approved_by"`
	Goals      []Goal `yaml:"goals"`
	Title      String `yaml:"title"`
}

// ID is the strategy's id as action plans cite it: "strategy-<from>-<to>".
func (s *Strategy) ID() string { return "strategy-" + s.Doc.PathID }

// Goal finds a goal by id.
func (s *Strategy) Goal(id string) *Goal {
	for i := range s.Goals {
		if s.Goals[i].ID.V == id {
			return &s.Goals[i]
		}
	}
	return nil
}

// Period is a span of dates, both ends included.
type Period struct {
	At
	Start Date `yaml:"start"`
	End   Date `yaml:"end"`
}

// Goal is a strategic goal.
type Goal struct {
	At
	ID         String  `yaml:"id"`
	Title      String  `yaml:"title"`
	FocusAreas Strings `yaml:"focus_areas"`
}

// ActionPlan is a center's plan for one year.
type ActionPlan struct {
	Source
	At
	Year     Int      `yaml:"year"`
	Strategy String   `yaml:"strategy"`
	Actions  []Action `yaml:"actions"`
	// StrategyRef is Strategy resolved.
	StrategyRef *Strategy `yaml:"-"`
}

// Action finds an action by id.
func (p *ActionPlan) Action(id string) *Action {
	for i := range p.Actions {
		if p.Actions[i].ID.V == id {
			return &p.Actions[i]
		}
	}
	return nil
}

// Action is one action of an action plan.
type Action struct {
	At
	ID       String  `yaml:"id"`
	Title    String  `yaml:"title"`
	Goal     String  `yaml:"goal"`
	Tasks    Strings `yaml:"tasks"`
	Pathways Strings `yaml:"pathways"`
	Owner    String  `yaml:"owner"`
	Due      Date    `yaml:"due"`
	Status   String  `yaml:"status"`
}

// Report is a status report to the committee for one period.
type Report struct {
	Source
	At
	Period     String         `yaml:"period"`
	Submitted  Date           `yaml:"submitted"`
	Author     String         `yaml:"author"`
	ActionPlan Int            `yaml:"action_plan"`
	Actions    []ActionStatus `yaml:"actions"`
	Effort     Effort         `yaml:"effort"`
	// PlanRef is ActionPlan resolved.
	PlanRef *ActionPlan `yaml:"-"`
}

// ActionStatus is a report's word on one action.
type ActionStatus struct {
	At
	Action  String `yaml:"action"`
	Status  String `yaml:"status"`
	Comment String `yaml:"comment"`
}

// Effort is how the center divided its effort across disease groups.
type Effort struct {
	At
	Unit       String  `yaml:"unit"`
	Allocation []Share `yaml:"allocation"`
}

// Share is one disease group's share of the effort.
type Share struct {
	At
	Group     String `yaml:"group"`
	Share     Number `yaml:"share"`
	Rationale String `yaml:"rationale"`
}

// Education is a center's education programmes.
type Education struct {
	Source
	At
	Programmes []Programme `yaml:"programmes"`
}

// Programme is one education programme.
type Programme struct {
	At
	ID        String  `yaml:"id"`
	Title     String  `yaml:"title"`
	Audiences Strings `yaml:"audiences"`
	Status    String  `yaml:"status"`
	Start     Date    `yaml:"start"`
	End       Date    `yaml:"end"`
}

// Advice is investment advice from a center to the line.
type Advice struct {
	Source
	At
	Date     Date   `yaml:"date"`
	Title    String `yaml:"title"`
	ToUnit   String `yaml:"to_unit"`
	Priority String `yaml:"priority"`
	Status   String `yaml:"status"`
}

// Evaluation is the evaluation at the end of a term.
type Evaluation struct {
	Source
	At
	Term     Int    `yaml:"term"`
	Date     Date   `yaml:"date"`
	Outcome  String `yaml:"outcome"`
	Decision String `yaml:"decision"`
}
