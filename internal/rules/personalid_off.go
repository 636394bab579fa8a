//go:build !personalid

package rules

// personalIDRules is empty until package internal/personalid is on main and
// personalid.go is built without its tag; delete this file then.
var personalIDRules []*Rule
