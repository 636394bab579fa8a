package rules

import (
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
)

// Clause is one clause of the mandate for treatment-oriented centers, quoted
// (Norwegian original) and translated (English).
type Clause struct {
	ID    string
	Title diag.Text
	Quote diag.Text
}

// Clauses are the mandate's clauses in the order of the text. Clause ids
// are those of rules.md: B background, F purpose, O1–O8 tasks, A number and
// organisation, P1–P9 operating principles, R reporting and cooperation.
var Clauses = []Clause{
	{"B", diag.T("Bakgrunn", "Background"), diag.T(
		"Strukturen må ansees dynamisk, og teknologisk utvikling eller særskilt utvikling innen bestemte kliniske områder kan skape behov for justeringer i form av nye sentra eller nedleggelse av gamle.",
		"The structure must be regarded as dynamic: technological development, or particular development within certain clinical areas, may call for adjustments in the form of new centers or the closing of old ones.")},
	{"F", diag.T("Formål", "Purpose"), diag.T(
		"Behandlingsorienterte sentre skal ha et koordinerings- og samordningsansvar innen pasientforløpene i sitt behandlingsorienterte satsningsområde. Sentre har følgende fokusområder: forskning, strategiutvikling, innsatskoordinering, klinisk implementering.",
		"Treatment-oriented centers are responsible for coordination within the patient pathways of their treatment area. Their focus areas are research, strategy development, coordination of effort, and clinical implementation.")},
	{"O1", diag.T("Oppgave 1", "Task 1"), diag.T(
		"Bidra til og selv initiere og lede forskning innen persontilpasset medisin innen sitt fagfelt.",
		"Contribute to, and initiate and lead, research in personalised medicine in their field.")},
	{"O2", diag.T("Oppgave 2", "Task 2"), diag.T(
		"Koordinere sykehusets innsats for klinikk, diagnostikk, forskning og innovasjon innen sine respektive fagområder på tvers av gjeldende linjeorganisering.",
		"Coordinate the hospital's effort in clinic, diagnostics, research and innovation in their fields across the line organisation.")},
	{"O3", diag.T("Oppgave 3", "Task 3"), diag.T(
		"Fremme implementering av persontilpasset medisin i relevante pasientforløp.",
		"Promote the implementation of personalised medicine in relevant patient pathways.")},
	{"O4", diag.T("Oppgave 4", "Task 4"), diag.T(
		"Utarbeide strategi og konkrete handlingsplaner for utvikling av sine respektive fagområder.",
		"Draw up a strategy and concrete action plans for the development of their fields.")},
	{"O5", diag.T("Oppgave 5", "Task 5"), diag.T(
		"Gi råd til linjestrukturen om prioritering av investeringer knyttet til sine respektive fagområder.",
		"Advise the line structure on the priority of investments in their fields.")},
	{"O6", diag.T("Oppgave 6", "Task 6"), diag.T(
		"Etablere kompetansehevende utdanningsprogrammer for klinikere innen persontilpasset medisin.",
		"Establish education programmes in personalised medicine for clinicians.")},
	{"O7", diag.T("Oppgave 7", "Task 7"), diag.T(
		"Etablere kompetansehevende utdanningsprogrammer for helsepersonell og for ikke-helsepersonell innen persontilpasset medisin.",
		"Establish education programmes in personalised medicine for health personnel and for non-health personnel.")},
	{"O8", diag.T("Oppgave 8", "Task 8"), diag.T(
		"Fungere som bindeledd mot nasjonale aktiviteter innen persontilpasset medisin.",
		"Act as the link to national activities in personalised medicine.")},
	{"A", diag.T("Antall behandlingsorienterte sentre, organisering og prinsipper for drift", "Number of centers, organisation and operating principles"), diag.T(
		"I første omgang skal det etableres tre behandlingsorienterte sentre: kreft (KRE), infeksjonssykdommer (MED) og sjeldne sykdommer (BAR). Sentrene bør være knyttet til gjeldende linjeorganisering i OUS på N2 nivå. Hvert senter bør ha en ansvarlig senterleder fortrinnsvis knyttet til sykehusets linjestruktur. Sentrene organiseres med en ledergruppe («styre») med representanter med faglig spisskompetanse innen alle relevante områder innen klinikk, diagnostikk og FoU. Sentrene skal ha en første løpetid på 3 år hvoretter ordningen evalueres. Det er opp til hvert senter å spesifisere sitt navn i den grad det ikke affiserer det tematiske innholdet.",
		"In the first instance, three treatment-oriented centers shall be established: cancer (KRE), infectious diseases (MED) and rare diseases (BAR). The centers should be tied to the hospital's line organisation at level N2. Each center should have one responsible center leader, preferably tied to the line structure. The centers are organised with a leadership group (\"board\") with specialist competence in all relevant areas of clinic, diagnostics and R&D. The centers shall have a first term of 3 years, after which the arrangement is evaluated. Each center may choose its own name as long as the thematic content is unaffected.")},
	{"P1", diag.T("Prinsipp 1", "Principle 1"), diag.T(
		"Forankring i OUS linjestruktur, men skal være klinikkovergripende.",
		"Anchored in the hospital's line structure, but shall be cross-clinic.")},
	{"P2", diag.T("Prinsipp 2", "Principle 2"), diag.T(
		"Sentrene skal være utadvendte og fremme positivt samarbeid innen sitt felt.",
		"The centers are to be outward-looking and promote positive cooperation in their field.")},
	{"P3", diag.T("Prinsipp 3", "Principle 3"), diag.T(
		"Intern organisering bør tilpasses særskilte forhold men må forankres i PM utvalget.",
		"Internal organisation may be adapted to particular circumstances but must be approved by the PM committee.")},
	{"P4", diag.T("Prinsipp 4", "Principle 4"), diag.T(
		"Forskningsmiljø fra hele organisasjonen bør i størst mulig grad involveres i relevante aktiviteter.",
		"Research groups from the whole organisation should be involved in relevant activities as far as possible.")},
	{"P5", diag.T("Prinsipp 5", "Principle 5"), diag.T(
		"Sentrenes organisering må være dynamisk og kunne ta opp i seg utvikling innen ulike kliniske spesialiteter.",
		"The centers' organisation must be dynamic and able to take in developments in the various clinical specialities.")},
	{"P6", diag.T("Prinsipp 6", "Principle 6"), diag.T(
		"Finansiering er gjennom ordinære budsjettprosesser i linjestrukturen.",
		"Funding is through the ordinary budget processes of the line structure.")},
	{"P7", diag.T("Prinsipp 7", "Principle 7"), diag.T(
		"De to ulike akser av sentre, som utgjør en matrisestruktur, dvs. behandlingsmessige satsningsområder og teknologiutviklingsområder, skal samstemmes seg i mellom gjennom PM-utvalget.",
		"The two axes of centers, which form a matrix — treatment areas and technology development areas — are to be aligned with each other through the PM committee.")},
	{"P8", diag.T("Prinsipp 8", "Principle 8"), diag.T(
		"Sentrene plikter å dimensjonere innsatsen innen de ulike sykdomsgruppene på en rettferdig og transparent måte til pasientens beste.",
		"The centers must size their effort across disease groups fairly and transparently, in the patient's best interest.")},
	{"P9", diag.T("Prinsipp 9", "Principle 9"), diag.T(
		"Sentrene skal operere i tråd med regionale og nasjonale satsninger og relevant regelverk.",
		"The centers are to operate in line with regional and national initiatives and relevant regulations.")},
	{"R", diag.T("Rapportering og samarbeid", "Reporting and cooperation"), diag.T(
		"Senterleder inngår i PM-utvalget som er styringsgruppe for samtlige sentre. Senterleder vil rapportere om status og fremdrift i sitt senter til PM-utvalget. Senterleder skal sikre interaksjon og samarbeid med regionale og nasjonale aktiviteter innen persontilpasset medisin.",
		"The center leader sits on the PM committee, which steers all centers, and reports the center's status and progress to it. The center leader ensures interaction and cooperation with regional and national activities in personalised medicine.")},
}

// ClauseByID returns the clause with id, or nil.
func ClauseByID(id string) *Clause {
	for i := range Clauses {
		if Clauses[i].ID == id {
			return &Clauses[i]
		}
	}
	return nil
}

// ClauseIDs splits a rule's clause reference ("O1–O8", "A, P1") into clause
// ids, expanding ranges.
func ClauseIDs(ref string) []string {
	var out []string
	for _, part := range strings.Split(ref, ",") {
		part = strings.TrimSpace(part)
		from, to, isRange := strings.Cut(part, "–")
		if !isRange {
			from, to, isRange = strings.Cut(part, "-")
		}
		if isRange && len(from) > 1 && len(to) > 1 && from[0] == to[0] {
			lo, hi := from[1:], to[1:]
			inRange := false
			for _, c := range Clauses {
				if c.ID == string(from[0])+lo {
					inRange = true
				}
				if inRange && c.ID[0] == from[0] {
					out = append(out, c.ID)
				}
				if c.ID == string(from[0])+hi {
					break
				}
			}
			continue
		}
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

// RulesForClause lists the rules that enforce clause id.
func RulesForClause(id string) []*Rule {
	var out []*Rule
	for _, r := range All {
		for _, c := range ClauseIDs(r.Clause) {
			if c == id {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
