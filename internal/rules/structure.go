package rules

import "github.com/ous-pm/pmgov/internal/diag"

// structureRules are reported by the loader, the schema and the model (and
// the git-backed gate); they are catalogued here so that docs, SARIF, waivers
// and severity overrides know them.
var structureRules = []*Rule{
	{
		ID: "syntax", Severity: diag.Error, Scope: Structure,
		Summary: diag.M("rule.syntax.summary"),
		Doc:     diag.M("rule.syntax.doc"),
		Example: "id: kre\nid: kre2\n",
		Fix:     "id: kre\n",
	},
	{
		ID: "schema", Severity: diag.Error, Scope: Structure, Change: checkPlaceholders,
		Summary: diag.M("rule.schema.summary"),
		Doc:     diag.M("rule.schema.doc"),
		Example: "id: kre\nleadr: kari.nordmann\n",
		Fix:     "id: kre\nleader: kari.nordmann\n",
	},
	{
		ID: "unknown-file", Severity: diag.Error, Scope: Structure,
		Summary: diag.M("rule.unknown-file.summary"),
		Doc:     diag.M("rule.unknown-file.doc"),
		Example: "centers/kre/notater.txt\n",
		Fix:     "centers/kre/reports/2025-T1.md\n",
	},
	{
		ID: "id-mismatch", Severity: diag.Error, Scope: Structure,
		Summary: diag.M("rule.id-mismatch.summary"),
		Doc:     diag.M("rule.id-mismatch.doc"),
		Example: "# centers/kre/center.yaml\nid: kreft\n",
		Fix:     "# centers/kre/center.yaml\nid: kre\n",
	},
	{
		ID: "duplicate-id", Severity: diag.Error, Scope: Structure,
		Summary: diag.M("rule.duplicate-id.summary"),
		Doc:     diag.M("rule.duplicate-id.doc"),
		Example: "people:\n  - id: kari.nordmann\n  - id: kari.nordmann\n",
		Fix:     "people:\n  - id: kari.nordmann\n  - id: kari.nordmann2\n",
	},
	{
		ID: "ref", Severity: diag.Error, Scope: Structure,
		Summary: diag.M("rule.ref.summary"),
		Doc:     diag.M("rule.ref.doc"),
		Example: "leader: kari.nordman\n",
		Fix:     "leader: kari.nordmann\n",
	},
	{
		ID: "limits", Severity: diag.Error, Scope: Structure,
		Summary: diag.M("rule.limits.summary"),
		Doc:     diag.M("rule.limits.doc"),
		Example: "board: &b [kari.nordmann]\neditors: *b\n",
		Fix:     "board: [kari.nordmann]\neditors: [kari.nordmann]\n",
	},
}
