package identity

import (
	"slices"
	"sort"
	"strings"

	"iamconsole/iam/policy"
)

// PolicySummary is a readable summary of a policy document, grouped as the
// console shows it: service → actions → resources → conditions.
type PolicySummary struct {
	Services []ServiceSummary
}

// ServiceSummary is what a policy says about one service ("s3", or "*" for
// every service).
type ServiceSummary struct {
	Service string
	// Access is "Full access" when every action of the service is allowed
	// by one statement, else "Limited".
	Access  string
	Entries []SummaryEntry
}

// SummaryEntry is one statement's part concerning a service.
type SummaryEntry struct {
	Sid                    string
	Effect                 string // "Allow" or "Deny"
	Actions                []string
	NotAction              bool // the actions are every action except these
	Resources              []string
	NotResource            bool
	Principals, Conditions []string
}

// parseDocumentLoose parses a document without validating it.
func parseDocumentLoose(document string) (*policy.Document, error) {
	return policy.Parse([]byte(document))
}

// Summarize summarizes a policy document; a document that does not parse
// yields the parse errors.
func Summarize(document string) (*PolicySummary, error) {
	d, err := parseDocumentLoose(document)
	if err != nil {
		return nil, err
	}
	bySvc := map[string]*ServiceSummary{}
	get := func(svc string) *ServiceSummary {
		ss, ok := bySvc[svc]
		if !ok {
			ss = &ServiceSummary{Service: svc, Access: "Limited"}
			bySvc[svc] = ss
		}
		return ss
	}
	for _, st := range d.Statements {
		actions, not := st.Action, false
		if st.NotAction != nil {
			actions, not = st.NotAction, true
		}
		groups := map[string][]string{}
		var order []string
		for _, a := range actions {
			svc, name, ok := strings.Cut(a, ":")
			if !ok {
				svc, name = "*", a
			}
			svc = strings.ToLower(svc)
			if _, seen := groups[svc]; !seen {
				order = append(order, svc)
			}
			groups[svc] = append(groups[svc], name)
		}
		resources, notRes := st.Resource, false
		if st.NotResource != nil {
			resources, notRes = st.NotResource, true
		}
		var principals []string
		for _, p := range []*policy.Principals{st.Principal, st.NotPrincipal} {
			if p == nil {
				continue
			}
			if p.Wildcard {
				principals = append(principals, "*")
			}
			for _, kv := range []struct {
				k  string
				vs []string
			}{{"AWS", p.AWS}, {"Service", p.Service}, {"Federated", p.Federated}, {"CanonicalUser", p.CanonicalUser}} {
				for _, v := range kv.vs {
					if !p.Wildcard {
						principals = append(principals, kv.k+": "+v)
					}
				}
			}
		}
		var conds []string
		for _, c := range st.Conditions {
			conds = append(conds, c.Operator+" "+c.Key+" = "+strings.Join(c.Values, ", "))
		}
		for _, svc := range order {
			ss := get(svc)
			e := SummaryEntry{Sid: st.Sid, Effect: st.Effect, Actions: groups[svc], NotAction: not,
				Resources: resources, NotResource: notRes, Principals: principals, Conditions: conds}
			ss.Entries = append(ss.Entries, e)
			if st.Effect == "Allow" && !not && len(conds) == 0 && slices.Contains(groups[svc], "*") && slices.Contains(resources, "*") {
				ss.Access = "Full access"
			}
		}
	}
	out := &PolicySummary{}
	for _, ss := range bySvc {
		out.Services = append(out.Services, *ss)
	}
	sort.Slice(out.Services, func(i, j int) bool { return out.Services[i].Service < out.Services[j].Service })
	return out, nil
}
