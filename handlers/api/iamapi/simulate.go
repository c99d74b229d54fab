package iamapi

import (
	"context"
	"strconv"
	"strings"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/policy"
)

type positionXML struct{ Line, Column int }

type matchedStatementXML struct {
	SourcePolicyID   string `xml:"SourcePolicyId"`
	SourcePolicyType string
	StartPosition    positionXML
	EndPosition      *positionXML `xml:",omitempty"`
}

type evaluationResultXML struct {
	EvalActionName          string
	EvalResourceName        string
	EvalDecision            string
	MatchedStatements       members[matchedStatementXML]
	MissingContextValues    members[string]
	EvalDecisionDetails     *decisionDetailsXML           `xml:",omitempty"`
	ResourceSpecificResults *members[resourceSpecificXML] `xml:",omitempty"`
}

// decisionDetailsXML is the Query protocol's map: entry elements of key
// and value.
type decisionDetailsXML struct {
	Entry []decisionEntry `xml:"entry"`
}

type decisionEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

func decisionDetailsOf(m map[string]string) *decisionDetailsXML {
	if len(m) == 0 {
		return nil
	}
	x := &decisionDetailsXML{}
	for _, k := range []string{"IAM Policy", "Resource Policy"} {
		if v, ok := m[k]; ok {
			x.Entry = append(x.Entry, decisionEntry{k, v})
		}
	}
	return x
}

// resourceSpecificXML is one of an EvaluationResult's ResourceSpecificResults.
type resourceSpecificXML struct {
	EvalResourceName     string
	EvalResourceDecision string
	MatchedStatements    members[matchedStatementXML]
	MissingContextValues members[string]
	EvalDecisionDetails  *decisionDetailsXML `xml:",omitempty"`
}

type simulateResult struct {
	EvaluationResults members[evaluationResultXML]
	IsTruncated       bool
	Marker            string `xml:",omitempty"`
}

// simulation holds what both simulator actions read besides their own
// parameters.
type simulation struct {
	inputs, boundaries []string
	actions, resources []string
	resourcePolicy     string
	context            map[string][]string
	contextKeys        map[string]bool // lower case
	page               iam.ListInput   // Marker and MaxItems
}

func readSimulation(r *query.Reader) *simulation {
	s := &simulation{inputs: r.List("PolicyInputList"), boundaries: r.List("PermissionsBoundaryPolicyInputList"),
		actions: r.List("ActionNames"), resources: r.List("ResourceArns"), resourcePolicy: r.Opt("ResourcePolicy"),
		context: map[string][]string{}, contextKeys: map[string]bool{}, page: r.PageInput()}
	for i := 1; ; i++ {
		base := "ContextEntries.member." + strconv.Itoa(i)
		if !r.P.Has(base + ".ContextKeyName") {
			break
		}
		key := r.Opt(base + ".ContextKeyName")
		s.context[key] = append(s.context[key], r.List(base+".ContextKeyValues")...)
		s.contextKeys[strings.ToLower(key)] = true
	}
	return s
}

func (a *Service) iamSimulatePrincipalPolicy(r *query.Reader) query.Invoke {
	source, caller := r.Required("PolicySourceArn"), r.Opt("CallerArn")
	s := readSimulation(r)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		res, err := a.svc.SimulatePrincipalPolicyPage(ctx, c, identity.SimulatePrincipalInput{PolicySourceARN: source,
			PolicyInputList: s.inputs, PermissionsBoundaryPolicyInputList: s.boundaries, ActionNames: s.actions,
			ResourceARNs: s.resources, ResourcePolicy: s.resourcePolicy, ContextEntries: s.context}, caller, s.page)
		if err != nil {
			return nil, err
		}
		texts, err := a.svc.SimulationSources(ctx, c, source)
		if err != nil {
			texts = map[string]string{}
		}
		return s.result(res, texts), nil
	}
}

func (a *Service) iamSimulateCustomPolicy(r *query.Reader) query.Invoke {
	s := readSimulation(r)
	caller := r.Opt("CallerArn")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		res, err := a.svc.SimulateCustomPolicyPage(ctx, c, identity.SimulateCustomInput{PolicyInputList: s.inputs,
			PermissionsBoundaryPolicyInputList: s.boundaries, ActionNames: s.actions, ResourceARNs: s.resources,
			ResourcePolicy: s.resourcePolicy, CallerARN: caller, ContextEntries: s.context}, s.page)
		if err != nil {
			return nil, err
		}
		return s.result(res, map[string]string{}), nil
	}
}

// result renders evaluation results. texts holds the principal's own
// policies by "type/id"; the policies supplied with the request are added
// here. From the texts come each matched statement's end and the context
// keys that statements about the action test but the request did not give.
func (s *simulation) result(pg *identity.SimulationPage, texts map[string]string) *simulateResult {
	for i, d := range s.inputs {
		texts["none/PolicyInputList."+strconv.Itoa(i+1)] = d
	}
	for i, d := range s.boundaries {
		texts["none/PermissionsBoundaryPolicyInputList."+strconv.Itoa(i+1)] = d
	}
	if s.resourcePolicy != "" {
		texts["resource/ResourcePolicy"] = s.resourcePolicy
	}
	var docs []*policy.Document
	for _, t := range texts {
		if d, err := policy.Parse([]byte(t)); err == nil {
			docs = append(docs, d)
		}
	}
	out := &simulateResult{EvaluationResults: members[evaluationResultXML]{Member: []evaluationResultXML{}},
		IsTruncated: pg.IsTruncated, Marker: pg.Marker}
	for _, r := range pg.EvaluationResults {
		x := evaluationResultXML{EvalActionName: r.EvalActionName, EvalResourceName: r.EvalResourceName, EvalDecision: r.EvalDecision,
			MatchedStatements: members[matchedStatementXML]{Member: []matchedStatementXML{}}, MissingContextValues: s.missing(docs, r.EvalActionName)}
		for _, m := range r.MatchedStatements {
			ms := matchedStatementXML{SourcePolicyID: m.SourcePolicyID, SourcePolicyType: m.SourcePolicyType,
				StartPosition: positionXML{m.StartPosition.Line, m.StartPosition.Column}}
			if t, ok := texts[m.SourcePolicyType+"/"+m.SourcePolicyID]; ok {
				if l, c, ok := policy.StatementEnd(t, m.StartPosition.Line, m.StartPosition.Column); ok {
					ms.EndPosition = &positionXML{l, c}
				}
			}
			x.MatchedStatements.Member = append(x.MatchedStatements.Member, ms)
		}
		x.EvalDecisionDetails = decisionDetailsOf(r.EvalDecisionDetails)
		if r.ResourceSpecific {
			x.ResourceSpecificResults = &members[resourceSpecificXML]{Member: []resourceSpecificXML{{EvalResourceName: r.EvalResourceName,
				EvalResourceDecision: r.EvalDecision, MatchedStatements: x.MatchedStatements, MissingContextValues: x.MissingContextValues,
				EvalDecisionDetails: x.EvalDecisionDetails}}}
		}
		out.EvaluationResults.Member = append(out.EvaluationResults.Member, x)
	}
	return out
}

// missing lists, in document order and once each, the condition keys of
// statements that apply to action which the request's ContextEntries lack.
func (s *simulation) missing(docs []*policy.Document, action string) members[string] {
	out := members[string]{Member: []string{}}
	seen := map[string]bool{}
	for _, d := range docs {
		for _, st := range d.Statements {
			if !appliesTo(st, action) {
				continue
			}
			for _, c := range st.Conditions {
				k := strings.ToLower(c.Key)
				if s.contextKeys[k] || seen[k] {
					continue
				}
				seen[k] = true
				out.Member = append(out.Member, c.Key)
			}
		}
	}
	return out
}

// appliesTo reports whether a statement's Action (or NotAction) covers action.
func appliesTo(st *policy.Statement, action string) bool {
	if len(st.NotAction) > 0 {
		for _, p := range st.NotAction {
			if globMatch(strings.ToLower(p), strings.ToLower(action)) {
				return false
			}
		}
		return true
	}
	for _, p := range st.Action {
		if globMatch(strings.ToLower(p), strings.ToLower(action)) {
			return true
		}
	}
	return false
}

// globMatch matches s against a pattern with * (any run) and ? (one
// character).
func globMatch(pattern, s string) bool {
	star, mark := -1, 0
	p, i := 0, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p, i = p+1, i+1
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p, mark = star+1, mark+1
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
