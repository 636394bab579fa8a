package schema

import "testing"

func TestScratch(t *testing.T) {
	d := loadOne(t, "centers/kre/center.yaml", `id: kre
name: Senter
kind: treatment
status: active
anchor_unit: KRE
leadr: kari.nordmann
established_by: PMU-2021-2
closed_by: null
terms:
  - {start: 2025-02-30, end: 2025-6-1}
  - start: 30.06.2025
    end: 2024-13-01
board:
  - {person: Kari Nordmann, role: leadr}
  - person: ola
participating_units: KRE
research:
  - {title: x, role: leads, url: "javascript:alert(1)"}
  - {title: "", role: leads, url: www.vg.no}
funding: {budget_unit: kre}
`)
	ds := Validate(d)
	t.Log("\n" + lines(ds))
	for _, x := range ds {
		t.Log(x.Message.NB, " || ", x.Hint.NB)
	}
	d = loadOne(t, "committee/decisions/PMU-2024-03.md", "---\nid: PMU-2024-03\ndate: 2024-03-12\ntitle: x\ntype: other\nyear: \"2025\"\nwaivers:\n  - {rule: board-competance, center: bar, until: 2025-06-30}\n---\nbody\n")
	t.Log("\n" + lines(Validate(d)))
	d = loadOne(t, "centers/kre/action-plans/2025.yaml", "year: \"2025\"\nactions: {}\n")
	t.Log("\n" + lines(Validate(d)))
	d = loadOne(t, "org/people.yaml", "people:\n  - id: kari.nordmann\n    name: Kari\n    email: kari@@example\n    github: '@kari'\n")
	t.Log("\n" + lines(Validate(d)))
}
