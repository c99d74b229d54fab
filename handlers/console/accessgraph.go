package console

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/accessgraph"
	"iamconsole/iam/arn"
	"iamconsole/views"
)

// AccessGraph serves the access graph page and its exports.
type AccessGraph struct {
	graph *accessgraph.Service
}

// NewAccessGraph builds the access graph handlers.
func NewAccessGraph(g *accessgraph.Service) *AccessGraph { return &AccessGraph{graph: g} }

// maxDrawn is how many nodes the page draws at once; a larger graph is
// drawn around one node.
const maxDrawn = 300

// edgeActs is the kind of the drawing's edges from a principal to the
// resource it may act on (an answer of who can), which are not edges of
// the graph.
const edgeActs = "acts"

// maxChoices is how many principals the question forms offer.
const maxChoices = 1000

// Show renders the page: the questions asked (who can reach ?reach=, what
// ?from= can reach, who can ?action= on ?resource=) and the graph, around
// ?focus= when it is large.
func (h *AccessGraph) Show(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	sc, err := h.graph.ScopeFor(ctx, caller)
	if err != nil {
		return Fail(c, err)
	}
	q := c.QueryParams()
	vm := views.AccessGraphVM{Reach: strings.TrimSpace(q.Get("reach")), From: strings.TrimSpace(q.Get("from")), Action: strings.TrimSpace(q.Get("action")),
		Resource: strings.TrimSpace(q.Get("resource")), Context: q.Get("context"), Focus: strings.TrimSpace(q.Get("focus")), Errors: map[string]string{}}
	vm.Scope = "the organization"
	if !sc.All {
		vm.Scope = "what touches account " + sc.Account
	}
	whole, err := h.graph.Snapshot(ctx, sc, accessgraph.Filter{Connected: true})
	if err != nil {
		return Fail(c, err)
	}
	labels := nodeLabels(whole)
	st := h.graph.Stats()
	vm.Stats = strconv.Itoa(st.Principals) + " principals and " + strconv.Itoa(st.Edges) + " edges in the organization"
	for _, n := range whole.Nodes {
		if len(vm.Principals) >= maxChoices {
			break
		}
		if n.Kind == accessgraph.KindRole {
			vm.Roles = append(vm.Roles, views.Option{Value: n.ID, Label: labels[n.ID]})
		}
		if n.Kind == accessgraph.KindRole || n.Kind == accessgraph.KindUser {
			vm.Principals = append(vm.Principals, views.Option{Value: n.ID, Label: labels[n.ID]})
		}
	}
	base := baseARN(c)
	// Nodes the answers name that the drawing of edges may lack (a
	// principal that acts itself but assumes nothing).
	extra := map[string]accessgraph.Node{}
	note := func(n accessgraph.Node) {
		if _, ok := labels[n.ID]; !ok {
			extra[n.ID] = n
			labels[n.ID] = labelOf(whole, n)
		}
	}
	// The drawing: the answer's paths when a question was asked, else the
	// graph (around a node when it is large).
	var drawn []accessgraph.Edge
	var drawnSet bool
	if vm.Reach != "" {
		res, err := h.graph.WhoCanReach(ctx, sc, vm.Reach)
		if err != nil {
			vm.Errors["reach"] = iam.AsError(err).Message
		}
		vm.ReachResults = reachRows(res, labels, base)
		drawn, drawnSet = pathEdges(res), true
	}
	if vm.From != "" {
		res, err := h.graph.CanReach(ctx, sc, vm.From)
		if err != nil {
			vm.Errors["from"] = iam.AsError(err).Message
		}
		vm.FromResults = reachRows(res, labels, base)
		drawn, drawnSet = append(drawn, pathEdges(res)...), true
	}
	if vm.Action != "" || vm.Resource != "" {
		vm.Asked = true
		cx, cerr := parseContext(strings.ReplaceAll(vm.Context, ";", "\n"))
		switch {
		case !strings.Contains(vm.Action, ":"):
			vm.Errors["action"] = "Write the action as service:Action, e.g. s3:PutObject."
		case vm.Resource == "":
			vm.Errors["resource"] = "Name the resource: an ARN, or * for any."
		case cerr != "":
			vm.Errors["action"] = cerr
		default:
			as, err := h.graph.WhoCan(ctx, sc, vm.Action, vm.Resource, cx)
			if err != nil {
				return Fail(c, err)
			}
			drawnSet = true
			for _, a := range as {
				note(a.Principal)
				r := accessgraph.Reach{Node: a.Principal, Path: a.Path, Needs: a.Needs, Chain: len(a.Path) > 1}
				vm.WhoCan = append(vm.WhoCan, reachRow(r, labels, base))
				drawn = append(drawn, a.Path...)
				if len(a.Path) == 0 && a.Principal.Kind != accessgraph.KindAccount {
					// Who acts itself, drawn acting on the resource.
					drawn = append(drawn, accessgraph.Edge{From: a.Principal.ID, To: vm.Resource, Kind: edgeActs, Needs: a.Needs})
				}
			}
		}
	}
	var snap *accessgraph.Snapshot
	switch {
	case vm.Focus != "":
		snap, err = h.graph.Snapshot(ctx, sc, accessgraph.Filter{Focus: vm.Focus, Depth: 2})
		vm.Shown = "Within two edges of " + labelOr(labels, vm.Focus) + "."
		vm.ExportQuery = "?focus=" + url.QueryEscape(vm.Focus)
	case drawnSet:
		snap = subgraph(whole, drawn, extra)
		vm.Shown = "The paths of the answer."
	case len(whole.Nodes) <= maxDrawn:
		snap = whole
		vm.Shown = "Every principal with an edge."
	default:
		snap, err = h.graph.Snapshot(ctx, sc, accessgraph.Filter{Focus: base, Depth: 2})
		vm.Shown = "The graph is large: drawn around you. Choose a node to centre on it."
	}
	if err != nil {
		return Fail(c, err)
	}
	vm.GraphJSON = graphElements(snap, labels, base)
	for _, e := range snap.Edges {
		vm.Edges = append(vm.Edges, edgeRow(e, labels, base))
	}
	return Render(c, http.StatusOK, views.AccessGraph(PageFor(c, "Access graph", "access-graph"), vm))
}

// Export answers the graph (around ?focus= when given) as JSON or
// Graphviz DOT, as a download.
func (h *AccessGraph) Export(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	sc, err := h.graph.ScopeFor(ctx, caller)
	if err != nil {
		return Fail(c, err)
	}
	f := accessgraph.Filter{}
	if focus := strings.TrimSpace(c.QueryParam("focus")); focus != "" {
		f = accessgraph.Filter{Focus: focus, Depth: 2}
	}
	snap, err := h.graph.Snapshot(ctx, sc, f)
	if err != nil {
		return Fail(c, err)
	}
	if strings.HasSuffix(c.Path(), ".dot") {
		c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="access-graph.dot"`)
		return c.Blob(http.StatusOK, "text/vnd.graphviz; charset=utf-8", []byte(snap.DOT()))
	}
	b, err := snap.JSON()
	if err != nil {
		return Fail(c, iam.Internal(err))
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="access-graph.json"`)
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSONCharsetUTF8, b)
}

// baseARN is the viewer's signed-in identity: the switch-role links of the
// console are for it alone.
func baseARN(c echo.Context) string {
	if con := ConsoleOf(c); con != nil && con.Base != nil {
		return con.Base.ARN
	}
	return ""
}

// nodeLabels names every node of a snapshot for people: "david
// (development)", the account's alias or ID after a principal's name.
func nodeLabels(s *accessgraph.Snapshot) map[string]string {
	accounts := map[string]string{}
	for _, n := range s.Nodes {
		if n.Kind == accessgraph.KindAccount {
			accounts[n.Account] = n.Label
		}
	}
	out := map[string]string{}
	for _, n := range s.Nodes {
		l := n.Label
		if a, ok := accounts[n.Account]; ok && n.Kind != accessgraph.KindAccount {
			l += " (" + a + ")"
		}
		out[n.ID] = l
	}
	return out
}

// labelOf names a node as nodeLabels does, with the accounts of whole.
func labelOf(whole *accessgraph.Snapshot, n accessgraph.Node) string {
	for _, a := range whole.Nodes {
		if a.Kind == accessgraph.KindAccount && a.Account == n.Account && n.Kind != accessgraph.KindAccount {
			return n.Label + " (" + a.Label + ")"
		}
	}
	return n.Label
}

func labelOr(labels map[string]string, id string) string {
	if l, ok := labels[id]; ok {
		return l
	}
	return id
}

// switchURL is the console's switch-role link for an edge the viewer can
// take in the console: a first hop from the viewer's own user.
func switchURL(e accessgraph.Edge, base string) string {
	if !e.Console || e.Chain || e.From != base || base == "" {
		return ""
	}
	a, err := arn.Parse(e.To)
	if err != nil {
		return ""
	}
	role := strings.TrimPrefix(a.Resource, "role/")
	return "/switchrole?" + url.Values{"account": {a.Account}, "roleName": {role}}.Encode()
}

// duration says a session length for people.
func duration(seconds int) string {
	switch {
	case seconds <= 0:
		return "—"
	case seconds%3600 == 0 && seconds == 3600:
		return "1 hour"
	case seconds%3600 == 0:
		return strconv.Itoa(seconds/3600) + " hours"
	}
	return strconv.Itoa(seconds/60) + " minutes"
}

func reachRows(rs []accessgraph.Reach, labels map[string]string, base string) []views.ReachVM {
	out := make([]views.ReachVM, 0, len(rs))
	for _, r := range rs {
		out = append(out, reachRow(r, labels, base))
	}
	return out
}

func reachRow(r accessgraph.Reach, labels map[string]string, base string) views.ReachVM {
	label := labelOr(labels, r.Node.ID)
	if r.Node.Kind == accessgraph.KindAccount {
		label = r.Node.Label // an account's root user
	}
	row := views.ReachVM{Label: label, ID: r.Node.ID, Kind: r.Node.Kind, Needs: r.Needs.String(), Chain: r.Chain,
		MaxSession: duration(r.MaxSessionSeconds)}
	if len(r.Path) == 0 {
		row.MaxSession = "—"
	}
	for _, e := range r.Path {
		row.Hops = append(row.Hops, views.HopVM{From: labelOr(labels, e.From), To: labelOr(labels, e.To)})
	}
	if len(r.Path) > 0 {
		row.SwitchURL = switchURL(r.Path[0], base)
	}
	return row
}

func edgeRow(e accessgraph.Edge, labels map[string]string, base string) views.GraphEdgeVM {
	return views.GraphEdgeVM{From: e.From, To: e.To, FromLabel: labelOr(labels, e.From), ToLabel: labelOr(labels, e.To), Kind: e.Kind,
		Needs: e.Needs.String(), MaxSession: duration(e.MaxSessionSeconds), Chain: e.Chain, Console: e.Console, SwitchURL: switchURL(e, base)}
}

// pathEdges are the edges of a question's paths.
func pathEdges(rs []accessgraph.Reach) []accessgraph.Edge {
	var out []accessgraph.Edge
	for _, r := range rs {
		out = append(out, r.Path...)
	}
	return out
}

// subgraph is the part of a snapshot that a set of edges spans.
func subgraph(whole *accessgraph.Snapshot, edges []accessgraph.Edge, extra map[string]accessgraph.Node) *accessgraph.Snapshot {
	out := &accessgraph.Snapshot{}
	keep := map[string]bool{}
	seen := map[[2]string]bool{}
	for _, e := range edges {
		if k := [2]string{e.From, e.To}; !seen[k] {
			seen[k] = true
			out.Edges = append(out.Edges, e)
			keep[e.From], keep[e.To] = true, true
		}
	}
	accounts := map[string]bool{}
	for _, n := range whole.Nodes {
		if keep[n.ID] {
			out.Nodes = append(out.Nodes, n)
			accounts[n.Account] = true
			delete(keep, n.ID)
		}
	}
	// An end the snapshot does not hold is a principal an answer named, or
	// the resource of a who-can answer.
	for id := range keep {
		n, ok := extra[id]
		if !ok {
			n = accessgraph.Node{ID: id, Kind: accessgraph.KindResource, Label: id}
		}
		out.Nodes = append(out.Nodes, n)
		accounts[n.Account] = true
	}
	for _, n := range whole.Nodes {
		if n.Kind == accessgraph.KindAccount && accounts[n.Account] {
			out.Nodes = append(out.Nodes, n)
		}
	}
	sort.Slice(out.Edges, func(i, j int) bool {
		if out.Edges[i].From != out.Edges[j].From {
			return out.Edges[i].From < out.Edges[j].From
		}
		return out.Edges[i].To < out.Edges[j].To
	})
	return out
}

// graphElement is one node or edge as the page's drawing script reads it
// (Cytoscape.js's element format).
type graphElement struct {
	Group string         `json:"group"`
	Data  map[string]any `json:"data"`
}

// graphElements renders a snapshot for the drawing: accounts as compound
// nodes holding their principals, edges with what they need.
func graphElements(s *accessgraph.Snapshot, labels map[string]string, base string) string {
	var els []graphElement
	accounts := map[string]string{}
	for _, n := range s.Nodes {
		if n.Kind == accessgraph.KindAccount {
			accounts[n.Account] = n.ID
			els = append(els, graphElement{"nodes", map[string]any{"id": n.ID, "label": n.Label + " (" + n.Account + ")", "kind": n.Kind}})
		}
	}
	for _, n := range s.Nodes {
		if n.Kind == accessgraph.KindAccount {
			continue
		}
		d := map[string]any{"id": n.ID, "label": n.Label, "kind": n.Kind, "title": labelOr(labels, n.ID)}
		if p, ok := accounts[n.Account]; ok && n.Kind != accessgraph.KindExternal {
			d["parent"] = p
		}
		if n.ID == base {
			d["you"] = true
		}
		els = append(els, graphElement{"nodes", d})
	}
	for i, e := range s.Edges {
		d := map[string]any{"id": "e" + strconv.Itoa(i), "source": e.From, "target": e.To, "kind": e.Kind, "chain": e.Chain,
			"needs": e.Needs.String(), "mfa": e.Needs.MFA, "session": duration(e.MaxSessionSeconds),
			"label": labelOr(labels, e.From) + " → " + labelOr(labels, e.To)}
		if u := switchURL(e, base); u != "" {
			d["switch"] = u
		}
		els = append(els, graphElement{"edges", d})
	}
	b, err := json.Marshal(els)
	if err != nil {
		return "[]"
	}
	return string(b)
}
