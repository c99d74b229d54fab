/*! iamconsole access graph. Bundles Cytoscape.js (cytoscape) under the MIT
 * License:
 *
 * Copyright (c) 2016-2026, The Cytoscape Consortium.
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy of
 * this software and associated documentation files (the "Software"), to deal in
 * the Software without restriction, including without limitation the rights to
 * use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
 * of the Software, and to permit persons to whom the Software is furnished to do
 * so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all
 * copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 * SOFTWARE.
 */

// Source of static/js/graph.js, the access graph's drawing.
//
// Rebuild after changing this file or the Cytoscape.js version, from the
// repository root:
//
//     npm ci                 # installs the pinned packages of package-lock.json
//     npm run build:graph    # writes static/js/graph.js (minified, one file)
//
// and commit static/js/graph.js: the Go binary embeds the built bundle.
//
// Behaviour: div[data-graph] holds the graph's elements as JSON (in
// Cytoscape.js's format: account nodes, the parents of their users and
// roles; edges carry what they need). The script draws them left to right
// in columns (see layered): users as ellipses, roles as rounded boxes, services as
// hexagons, outside accounts as octagons, resources as barrels, each account's principals with a
// border of its own colour and its name under theirs; chains dashed, trust
// in outside accounts dotted, edges that need MFA in orange. Pointing at (or choosing) an edge shows what it
// needs in the element named by data-details, with the console's
// switch-role link on a first hop the viewer can take; choosing a node
// centres the page on it. The page's table lists the same edges, so the
// page works without this script.
import cytoscape from "cytoscape";

const style = [
  { selector: "node", style: { label: "data(label)", "font-size": 10, "font-family": "Helvetica, Arial, sans-serif",
    "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap", "background-color": "#0972d3", width: 22, height: 22,
    color: "#16191f", "border-width": 3, "border-color": "#ffffff" } },
  { selector: "node[border]", style: { "border-color": "data(border)" } },
  { selector: 'node[kind = "user"]', style: { shape: "ellipse", "background-color": "#0972d3" } },
  { selector: 'node[kind = "role"]', style: { shape: "round-rectangle", width: 30, "background-color": "#037f0c" } },
  { selector: 'node[kind = "service"], node[kind = "federated"]', style: { shape: "hexagon", "background-color": "#7d2105" } },
  { selector: 'node[kind = "external"]', style: { shape: "octagon", "background-color": "#d91515" } },
  { selector: 'node[kind = "resource"]', style: { shape: "barrel", width: 26, height: 30, "background-color": "#6b40c4" } },
  { selector: "node[?you]", style: { "border-color": "#16191f", "border-width": 4, "font-weight": "bold" } },
  { selector: "edge", style: { width: 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle", "line-color": "#5f6b7a",
    "target-arrow-color": "#5f6b7a", "arrow-scale": 0.9 } },
  { selector: "edge[?chain]", style: { "line-style": "dashed" } },
  { selector: 'edge[kind = "trust"]', style: { "line-style": "dotted", "line-color": "#d91515", "target-arrow-color": "#d91515" } },
  { selector: 'edge[kind = "acts"]', style: { "line-color": "#6b40c4", "target-arrow-color": "#6b40c4", "target-arrow-shape": "diamond" } },
  { selector: "edge[?mfa]", style: { "line-color": "#b35900", "target-arrow-color": "#b35900" } },
  { selector: ":selected, .hover", style: { "line-color": "#16191f", "target-arrow-color": "#16191f", width: 3 } },
];

function text(tag, content, cls) {
  const el = document.createElement(tag);
  el.textContent = content;
  if (cls) el.className = cls;
  return el;
}

function showEdge(details, d) {
  if (!details) return;
  details.replaceChildren();
  details.appendChild(text("p", d.label, "mono"));
  const facts = [];
  facts.push(d.kind === "trust" ? "Trusted account outside the organization: its own policies decide."
    : d.kind === "acts" ? "May perform the action on the resource." : "Can assume.");
  facts.push("Needs: " + (d.needs || "nothing more"));
  facts.push("Longest session: " + d.session + (d.chain ? " (role chaining)" : ""));
  for (const f of facts) details.appendChild(text("p", f));
  if (d.switch) {
    const a = text("a", "Switch along this path", "btn");
    a.href = d.switch;
    a.setAttribute("data-testid", "graph-switch");
    details.appendChild(a);
  }
}

// layered places nodes in columns, left to right: a node's column is the
// longest path to it from a node nothing reaches (cycles are cut at the
// number of nodes), and each column lists its nodes by account, then name.
function layered(elements) {
  const nodes = elements.filter((el) => el.group === "nodes").map((el) => el.data);
  const edges = elements.filter((el) => el.group === "edges").map((el) => el.data);
  const level = new Map(nodes.map((n) => [n.id, 0]));
  for (let round = 0; round < nodes.length; round++) {
    let moved = false;
    for (const e of edges) {
      if (e.source === e.target) continue;
      const want = level.get(e.source) + 1;
      if (want > level.get(e.target) && want < nodes.length) {
        level.set(e.target, want);
        moved = true;
      }
    }
    if (!moved) break;
  }
  const columns = new Map();
  for (const n of nodes) {
    const l = level.get(n.id);
    if (!columns.has(l)) columns.set(l, []);
    columns.get(l).push(n);
  }
  const positions = {};
  for (const [l, col] of columns) {
    const key = (n) => { const [name, acct] = n.label.split("\n"); return (acct || "") + "\u0000" + name; };
    col.sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0));
    col.forEach((n, i) => { positions[n.id] = { x: l * 240, y: i * 70 }; });
  }
  return positions;
}

// Accounts are told apart by the colour of their principals' borders.
const palette = ["#0972d3", "#037f0c", "#8d6605", "#7d2105", "#6b40c4", "#b3147d", "#00767a", "#5f6b7a"];

function draw(container) {
  let elements;
  try {
    elements = JSON.parse(container.getAttribute("data-graph") || "[]");
  } catch (e) {
    return;
  }
  // Accounts become a second line of their principals' labels and a
  // border colour: compound boxes crowd a drawing read left to right.
  const accounts = new Map();
  for (const el of elements) {
    if (el.group === "nodes" && el.data.kind === "account") accounts.set(el.data.id, el.data.label);
  }
  const colours = new Map();
  let n = 0;
  for (const id of accounts.keys()) colours.set(id, palette[n++ % palette.length]);
  elements = elements.filter((el) => !(el.group === "nodes" && el.data.kind === "account"));
  for (const el of elements) {
    if (el.group !== "nodes" || !el.data.parent) continue;
    el.data.label = el.data.label + "\n" + (accounts.get(el.data.parent) || "");
    el.data.border = colours.get(el.data.parent) || "#5f6b7a";
    delete el.data.parent;
  }
  if (!elements.length) {
    container.replaceChildren(text("p", "No edges to draw.", "muted"));
    container.setAttribute("data-drawn", "0");
    return;
  }
  const details = document.getElementById(container.getAttribute("data-details"));
  const cy = cytoscape({
    container,
    elements,
    style,
    layout: { name: "preset", positions: layered(elements), padding: 24, fit: true },
    minZoom: 0.1,
    maxZoom: 3,
  });
  cy.on("mouseover tap", "edge", (ev) => {
    cy.edges().removeClass("hover");
    ev.target.addClass("hover");
    showEdge(details, ev.target.data());
  });
  cy.on("tap", "node", (ev) => {
    window.location.search = "?focus=" + encodeURIComponent(ev.target.data("id"));
  });
  container.setAttribute("data-drawn", String(cy.nodes().length));
}

for (const el of document.querySelectorAll("div[data-graph]")) draw(el);
