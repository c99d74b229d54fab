package console

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/views"
)

// Simulator serves the policy simulator page.
type Simulator struct {
	iam *iam.Service
	svc *identity.Service
}

// NewSimulator builds the simulator handlers.
func NewSimulator(k *iam.Service, svc *identity.Service) *Simulator {
	return &Simulator{iam: k, svc: svc}
}

// maxSimulatedActions bounds the actions one run weighs once patterns are
// expanded.
const maxSimulatedActions = 200

// SimulatorURL is the simulator with a request filled in, for the
// "Open in simulator" link of an access-denied page: c's own policies (a
// role session's role), the action and the resource. The simulator's own
// actions get no link: the simulator would refuse the same way.
func SimulatorURL(c *iam.Caller, action, resource string) string {
	if action == "" || strings.HasPrefix(strings.ToLower(action), "iam:simulate") {
		return ""
	}
	q := url.Values{"action": {action}}
	if resource != "" {
		q.Set("resource", resource)
	}
	if c != nil && !c.IsRoot() {
		q.Set("source", c.PrincipalARN())
	}
	return "/iam/simulator?" + q.Encode()
}

// simForm is the simulator's form as submitted.
type simForm struct {
	source, actions, resources, context             string
	policy, boundary, sessionPolicy, resourcePolicy string
	service, level                                  string
}

func readSimForm(get func(string) string) simForm {
	return simForm{source: strings.TrimSpace(get("source")), actions: get("actions"), resources: get("resources"), context: get("context"),
		policy: get("policy"), boundary: get("boundary"), sessionPolicy: get("session_policy"), resourcePolicy: get("resource_policy"),
		service: get("service"), level: get("level")}
}

// Form shows the simulator. A link that names an action (the "Open in
// simulator" of an access-denied page) runs at once: a simulation changes
// nothing.
func (h *Simulator) Form(c echo.Context) error {
	q := c.QueryParams()
	f := simForm{source: q.Get("source"), actions: strings.Join(q["action"], "\n"), resources: strings.Join(q["resource"], "\n"),
		resourcePolicy: q.Get("resource_policy")}
	if f.actions == "" {
		return h.render(c, http.StatusOK, f, nil, nil)
	}
	if f.resourcePolicy == "" {
		f.resourcePolicy = h.trustFor(c, q["action"], q["resource"])
	}
	return h.run(c, f)
}

// Run simulates the submitted request, or adds a service's actions to the
// form when that button was pressed.
func (h *Simulator) Run(c echo.Context) error {
	f := readSimForm(func(name string) string { return formValue(c, name) })
	if c.FormValue("add") != "" {
		return h.addActions(c, f)
	}
	return h.run(c, f)
}

// addActions appends the actions of the chosen service (at the chosen
// access level) to the form's list.
func (h *Simulator) addActions(c echo.Context, f simForm) error {
	svc, ok := catalog.Service(f.service)
	if !ok {
		return h.render(c, http.StatusUnprocessableEntity, f, nil, map[string]string{"actions": "Choose a service to add its actions."})
	}
	have := map[string]bool{}
	lines := nonEmptyLines(f.actions)
	for _, l := range lines {
		have[strings.ToLower(l)] = true
	}
	for _, a := range svc.Actions {
		if (f.level == "" || a.AccessLevel.String() == f.level) && !have[strings.ToLower(a.String())] {
			lines = append(lines, a.String())
		}
	}
	f.actions = strings.Join(lines, "\n")
	return h.render(c, http.StatusOK, f, nil, nil)
}

// run simulates f and renders the page with the results, or the form with
// what is wrong.
func (h *Simulator) run(c echo.Context, f simForm) error {
	ctx, caller := c.Request().Context(), Caller(c)
	actions, notes, errs := expandActions(f.actions)
	cx, cerr := parseContext(f.context)
	if cerr != "" {
		errs["context"] = cerr
	}
	if len(errs) > 0 {
		return h.render(c, http.StatusUnprocessableEntity, f, &simRun{notes: notes}, errs)
	}
	in := identity.SimulationInput{SourceARN: f.source, Boundary: strings.TrimSpace(f.boundary), SessionPolicy: strings.TrimSpace(f.sessionPolicy),
		ResourcePolicy: strings.TrimSpace(f.resourcePolicy), Actions: actions, Resources: nonEmptyLines(f.resources), Context: cx}
	if p := strings.TrimSpace(f.policy); p != "" {
		in.Policies = []string{p}
	}
	sim, err := h.svc.Simulate(ctx, caller, in)
	if err != nil {
		e := iam.AsError(err)
		if e.Kind == iam.KindInvalid || e.Kind == iam.KindMalformedPolicy || e.Kind == iam.KindLimit || e.Kind == iam.KindNotFound {
			field := e.Field
			if e.Kind == iam.KindNotFound {
				field = "source"
			}
			if field == "" {
				field = "_"
			}
			msg := e.Message
			if len(e.Positions) > 0 && e.Positions[0].Line > 0 {
				msg += " (line " + strconv.Itoa(e.Positions[0].Line) + ", column " + strconv.Itoa(e.Positions[0].Column) + ")"
			}
			return h.render(c, http.StatusUnprocessableEntity, f, &simRun{notes: notes}, map[string]string{field: msg})
		}
		return Fail(c, err)
	}
	return h.render(c, http.StatusOK, f, &simRun{sim: sim, notes: notes}, nil)
}

// simRun is what a run produced for the page.
type simRun struct {
	sim   *identity.Simulation
	notes []string
}

func (h *Simulator) render(c echo.Context, status int, f simForm, run *simRun, errs map[string]string) error {
	vm := views.SimulatorVM{Source: f.source, Actions: f.actions, Resources: f.resources, Context: f.context, Policy: f.policy,
		Boundary: f.boundary, SessionPolicy: f.sessionPolicy, ResourcePolicy: f.resourcePolicy, Service: f.service, Level: f.level,
		Errors: errs, Sources: h.sources(c.Request().Context(), Caller(c), f.source)}
	if vm.Errors == nil {
		vm.Errors = map[string]string{}
	}
	for _, s := range catalog.Services() {
		vm.Services = append(vm.Services, views.Option{Value: s.Prefix, Label: s.Name + " (" + s.Prefix + ")"})
	}
	if run != nil {
		vm.Notes = run.notes
		if run.sim != nil {
			fillRun(&vm, run.sim)
		}
	}
	return Render(c, status, views.Simulator(PageFor(c, "Policy simulator", "simulator"), vm))
}

// sources lists the users, groups and roles of the caller's account the
// caller may list, by ARN; the chosen one is kept even when it is not.
func (h *Simulator) sources(ctx context.Context, caller *iam.Caller, chosen string) []views.Option {
	var out []views.Option
	if caller == nil {
		return nil
	}
	all := iam.ListInput{MaxItems: 1000}
	if us, err := h.svc.ListUsers(ctx, caller, all); err == nil {
		for _, u := range us.Users {
			out = append(out, views.Option{Value: u.ARN, Label: "User " + u.UserName})
		}
	}
	if gs, _, err := h.svc.ListGroups(ctx, caller, all); err == nil {
		for _, g := range gs {
			out = append(out, views.Option{Value: g.ARN, Label: "Group " + g.GroupName})
		}
	}
	if rs, err := h.svc.ListRoles(ctx, caller, all); err == nil {
		for _, r := range rs.Roles {
			out = append(out, views.Option{Value: r.ARN, Label: "Role " + r.RoleName})
		}
	}
	if chosen != "" && !slices.ContainsFunc(out, func(o views.Option) bool { return o.Value == chosen }) {
		out = append(out, views.Option{Value: chosen, Label: chosen})
	}
	return out
}

// trustFor is, for a request to assume a role of the caller's account,
// the role's trust policy, which decides it as the resource-based policy.
func (h *Simulator) trustFor(c echo.Context, actions, resources []string) string {
	caller := Caller(c)
	if caller == nil || len(actions) != 1 || !strings.EqualFold(actions[0], string(catalog.STSAssumeRole)) || len(resources) != 1 {
		return ""
	}
	a, err := arn.Parse(resources[0])
	if err != nil || a.Service != "iam" || a.Account != caller.AccountID || !strings.HasPrefix(a.Resource, "role/") {
		return ""
	}
	r, err := h.svc.GetRole(c.Request().Context(), caller, a.Resource[strings.LastIndexByte(a.Resource, '/')+1:])
	if err != nil {
		return ""
	}
	return r.AssumeRolePolicyDocument
}

// expandActions reads the actions, one a line, expanding wildcards with
// the catalog.
func expandActions(text string) ([]string, []string, map[string]string) {
	errs := map[string]string{}
	var out, notes []string
	seen := map[string]bool{}
	add := func(a string) {
		if k := strings.ToLower(a); !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	for _, line := range nonEmptyLines(text) {
		if !strings.ContainsAny(line, "*?") {
			if !strings.Contains(line, ":") {
				errs["actions"] = "Write each action as service:Action, e.g. s3:GetObject; " + strconv.Quote(line) + " has no service prefix."
				continue
			}
			add(line)
			if _, ok := catalog.LookupAction(line); !ok {
				notes = append(notes, line+" is not in the catalog: it is weighed as written.")
			}
			continue
		}
		matched := catalog.MatchActions(line)
		if len(matched) == 0 {
			errs["actions"] = line + " matches no action of the catalog."
			continue
		}
		for _, a := range matched {
			add(a.String())
		}
		notes = append(notes, line+" → "+strconv.Itoa(len(matched))+" actions")
	}
	if len(out) == 0 && len(errs) == 0 {
		errs["actions"] = "Choose at least one action."
	}
	if len(out) > maxSimulatedActions {
		errs["actions"] = "That is " + strconv.Itoa(len(out)) + " actions; a run weighs at most " + strconv.Itoa(maxSimulatedActions) + ". Narrow the patterns."
	}
	return out, notes, errs
}

// parseContext reads context keys, one a line: key=value or key=v1,v2.
func parseContext(text string) (map[string][]string, string) {
	out := map[string][]string{}
	for _, line := range nonEmptyLines(text) {
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" || !strings.Contains(k, ":") {
			return nil, "Write each context key as key=value, e.g. aws:MultiFactorAuthPresent=true; " + strconv.Quote(line) + " is not."
		}
		for _, part := range strings.Split(v, ",") {
			out[k] = append(out[k], strings.TrimSpace(part))
		}
	}
	return out, ""
}

func nonEmptyLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// statementAnchor is the page anchor of statement j of policy i.
func statementAnchor(i, j int) string { return "p" + strconv.Itoa(i) + "-s" + strconv.Itoa(j) }

// fillRun puts a run's results and policies in the view model, the
// statements that matched marked in the texts.
func fillRun(vm *views.SimulatorVM, sim *identity.Simulation) {
	vm.Ran, vm.Principal = true, sim.Principal
	matched, decisive := map[string]bool{}, map[string]bool{}
	for _, r := range sim.Results {
		rv := views.SimResultVM{Action: r.Action, Resource: r.Resource, Decision: r.Decision, Message: r.Message, Missing: r.MissingContext}
		if r.Decision == "allowed" {
			vm.Allowed++
		}
		var anchors []string
		for _, m := range r.Matched {
			a := statementAnchor(m.Policy, m.Statement)
			matched[a] = true
			anchors = append(anchors, a)
		}
		rv.Statements = strings.Join(anchors, " ")
		if d := r.Decisive; d != nil && d.Policy < len(sim.Policies) {
			rv.DeciderAnchor = statementAnchor(d.Policy, d.Statement)
			decisive[rv.DeciderAnchor] = true
			stmt := "statement " + strconv.Itoa(d.Statement+1)
			if d.Sid != "" {
				stmt = "statement " + d.Sid
			}
			rv.Decider = sim.Policies[d.Policy].Label + ", " + stmt
		} else {
			rv.Decider = "No " + r.MissingLayer + " allows it"
		}
		vm.Results = append(vm.Results, rv)
	}
	for i, p := range sim.Policies {
		pv := views.SimPolicyVM{Label: p.Label, Layer: p.Layer, ID: p.ID, Anchor: "p" + strconv.Itoa(i)}
		pv.Segments = segments(p, func(j int, effect string) (string, string) {
			a := statementAnchor(i, j)
			class := "stmt stmt-" + strings.ToLower(effect)
			if matched[a] {
				class += " stmt-matched"
			}
			if decisive[a] {
				class += " stmt-decisive"
			}
			return a, class
		})
		vm.Policies = append(vm.Policies, pv)
	}
}

// segments cuts a policy's text at its statements' bounds; mark names and
// classes statement j.
func segments(p identity.SimulatedPolicy, mark func(j int, effect string) (string, string)) []views.TextSegment {
	text := p.Text
	// Offsets (in bytes) of each line's start, to turn line:column (in
	// characters) into offsets.
	var starts []int
	starts = append(starts, 0)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	offset := func(line, col int) int {
		if line < 1 || line > len(starts) {
			return -1
		}
		o := starts[line-1]
		for n := 1; n < col && o < len(text); n++ {
			_, size := utf8.DecodeRuneInString(text[o:])
			o += size
		}
		return o
	}
	var out []views.TextSegment
	at := 0
	for _, sp := range p.Statements {
		from, to := offset(sp.StartLine, sp.StartCol), offset(sp.EndLine, sp.EndCol)
		if from < at || to <= from || to > len(text) {
			continue
		}
		if from > at {
			out = append(out, views.TextSegment{Text: text[at:from]})
		}
		anchor, class := mark(sp.Index, sp.Effect)
		out = append(out, views.TextSegment{Text: text[from:to], Anchor: anchor, Class: class})
		at = to
	}
	if at < len(text) {
		out = append(out, views.TextSegment{Text: text[at:]})
	}
	return out
}
