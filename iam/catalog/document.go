package catalog

import "iamconsole/iam/policy"

// DocumentFinding is a finding at its place in a policy document (1-based
// line and column of the action or condition key it is about).
type DocumentFinding struct {
	Line, Column int
	*Finding
}

// CheckDocument checks every Action and NotAction entry and every condition
// key of a parsed document against the catalog, in document order. The
// findings are warnings, as the IAM console's policy editor shows Access
// Analyzer's: IAM stores such a policy, whose unknown names match nothing.
// A NotAction statement's condition keys are checked against nothing (any
// action may be the one the key is about).
func CheckDocument(d *policy.Document) []DocumentFinding {
	var out []DocumentFinding
	for _, st := range d.Statements {
		actions := st.Action
		if st.NotAction != nil {
			actions = st.NotAction
		}
		for i, a := range actions {
			if f := CheckAction(a); f != nil {
				line, col := st.ActionPos(i)
				out = append(out, DocumentFinding{Line: line, Column: col, Finding: f})
			}
		}
		keyActions := st.Action
		if st.NotAction != nil {
			keyActions = nil
		}
		for _, c := range st.Conditions {
			if f := CheckConditionKey(c.Key, keyActions); f != nil {
				line, col := c.KeyPos()
				out = append(out, DocumentFinding{Line: line, Column: col, Finding: f})
			}
		}
	}
	return out
}
