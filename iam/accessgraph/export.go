package accessgraph

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"iamconsole/iam/arn"
)

// Snapshot is the graph (or the part a Filter keeps) as data: every node
// and every edge, in a stable order, for drawing and export.
type Snapshot struct {
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

// Filter chooses the part of the graph a Snapshot keeps.
type Filter struct {
	// Connected keeps only the principals that have an edge (accounts
	// are always kept).
	Connected bool
	// Focus keeps the nodes within Depth edges of the node of this ID
	// (either way), and the edges between them.
	Focus string
	Depth int
}

// Snapshot copies the graph in the scope, brought up to date, as f
// chooses.
func (s *Service) Snapshot(ctx context.Context, sc Scope, f Filter) (*Snapshot, error) {
	var out *Snapshot
	err := s.view(ctx, func(st *state) error {
		out = st.snapshot(sc, f)
		return nil
	})
	return out, err
}

func (st *state) snapshot(sc Scope, f Filter) *Snapshot {
	var keep map[string]bool
	if f.Focus != "" {
		keep = map[string]bool{}
		if k, ok := st.keyOf(f.Focus); ok {
			depth := max(f.Depth, 1)
			frontier := []string{k}
			keep[k] = true
			for range depth {
				var next []string
				for _, k := range frontier {
					for _, m := range []map[string]*Edge{st.out[k], st.in[k]} {
						for o, e := range m {
							if !keep[o] && sc.sees(st, e) {
								keep[o] = true
								next = append(next, o)
							}
						}
					}
				}
				frontier = next
			}
		}
	}
	nodes := map[string]bool{}
	snap := &Snapshot{Nodes: []Node{}, Edges: []Edge{}}
	for _, from := range sortedKeys(st.out) {
		for _, to := range sortedKeys(st.out[from]) {
			e := st.out[from][to]
			if !sc.sees(st, e) || keep != nil && (!keep[from] || !keep[to]) {
				continue
			}
			nodes[from], nodes[to] = true, true
			snap.Edges = append(snap.Edges, st.export(e))
		}
	}
	accounts := map[string]bool{}
	for k := range keep {
		nodes[k] = true
	}
	if !f.Connected && keep == nil {
		for k, p := range st.prins {
			if sc.All || p.account == sc.Account {
				nodes[k] = true
			}
		}
	}
	for k := range nodes {
		if p := st.prins[k]; p != nil {
			accounts[p.account] = true
		}
	}
	if keep == nil {
		for id := range st.accounts {
			if sc.All || id == sc.Account {
				accounts[id] = true
			}
		}
	}
	for id := range accounts {
		a := st.accounts[id]
		if a == nil {
			continue
		}
		snap.Nodes = append(snap.Nodes, Node{ID: arn.Root(id), Kind: KindAccount, Label: a.label(), Account: id})
	}
	for k := range nodes {
		snap.Nodes = append(snap.Nodes, st.node(k))
	}
	if !f.Connected && keep == nil {
		for _, r := range st.resources {
			if sc.All || r.Account == sc.Account {
				snap.Nodes = append(snap.Nodes, Node{ID: r.ARN, Kind: KindResource, Label: r.Name, Account: r.Account, ResourceType: r.Type})
			}
		}
	}
	slices.SortFunc(snap.Nodes, func(a, b Node) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(snap.Edges, func(a, b Edge) int {
		if c := strings.Compare(a.From, b.From); c != 0 {
			return c
		}
		return strings.Compare(a.To, b.To)
	})
	return snap
}

// JSON is the snapshot as indented JSON, stable for the same graph.
func (sn *Snapshot) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(sn, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// DOT is the snapshot in Graphviz's DOT language: one cluster per account,
// users as ellipses, roles as boxes, services and outside accounts apart;
// edges labelled with what they need, chains dashed, trust in outside
// accounts dotted.
func (sn *Snapshot) DOT() string {
	var b strings.Builder
	b.WriteString("digraph access {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n")
	byAcct := map[string][]Node{}
	var loose []Node
	labels := map[string]string{}
	for _, n := range sn.Nodes {
		switch {
		case n.Kind == KindAccount:
			labels[n.Account] = n.Label
		case n.Account != "" && n.Kind != KindExternal:
			byAcct[n.Account] = append(byAcct[n.Account], n)
		default:
			loose = append(loose, n)
		}
	}
	for _, acct := range sortedKeys(labels) {
		fmt.Fprintf(&b, "  subgraph %s {\n    label=%s;\n    style=rounded;\n", quote("cluster_"+acct), quote(labels[acct]+" ("+acct+")"))
		for _, n := range byAcct[acct] {
			fmt.Fprintf(&b, "    %s;\n", dotNode(n))
		}
		b.WriteString("  }\n")
	}
	for _, acct := range sortedKeys(byAcct) {
		if _, ok := labels[acct]; !ok {
			for _, n := range byAcct[acct] {
				fmt.Fprintf(&b, "  %s;\n", dotNode(n))
			}
		}
	}
	for _, n := range loose {
		fmt.Fprintf(&b, "  %s;\n", dotNode(n))
	}
	for _, e := range sn.Edges {
		var attrs []string
		if l := e.Needs.String(); l != "" {
			attrs = append(attrs, "label="+quote(l))
		}
		switch {
		case e.Kind == EdgeTrust:
			attrs = append(attrs, "style=dotted")
		case e.Chain:
			attrs = append(attrs, "style=dashed")
		}
		line := "  " + quote(e.From) + " -> " + quote(e.To)
		if len(attrs) > 0 {
			line += " [" + strings.Join(attrs, ", ") + "]"
		}
		b.WriteString(line + ";\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func dotNode(n Node) string {
	shape := map[string]string{KindUser: "ellipse", KindRole: "box", KindService: "hexagon", KindFederated: "hexagon",
		KindExternal: "octagon", KindResource: "cylinder"}[n.Kind]
	if shape == "" {
		shape = "box"
	}
	return quote(n.ID) + " [label=" + quote(n.Label) + ", shape=" + shape + "]"
}

// quote writes s as a DOT string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
