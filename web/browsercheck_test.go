package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// contrastScript lists the text of the page that fails WCAG 2.1 AA
// contrast (1.4.3): every visible text node's colour against the
// background it is drawn on, the backgrounds of its ancestors composited
// (alpha included) up to the first opaque one. Large text (24 px, or
// 18.66 px bold) needs 3:1, other text 4.5:1. Text of disabled controls is
// exempt, as WCAG exempts inactive user interface components.
const contrastScript = `(() => {
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const hex = (c) => "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  const out = [];
  const done = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    const text = node.nodeValue.trim();
    const el = node.parentElement;
    if (!text || !el || done.has(el)) continue;
    done.add(el);
    if (el.closest("script, style, noscript, option, [disabled], [aria-disabled=true]")) continue;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 1 && r.height > 1);
    if (rects.length === 0) continue;
    const cs = getComputedStyle(el);
    let fg = parse(cs.color);
    if (!fg) continue;
    const bg = background(el);
    if (fg.a < 1) fg = over(fg, bg);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(cs.fontSize);
    const bold = parseInt(cs.fontWeight, 10) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio + 1e-9 < need) {
      out.push(ratio.toFixed(2) + ":1 (needs " + need + ") " + hex(fg) + " on " + hex(bg) + " <" +
        el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") +
        "> " + JSON.stringify(text.slice(0, 60)));
    }
  }
  return out;
})()`

// checkContrast fails the test for every text of the page (named what for
// the message) below WCAG AA contrast.
func checkContrast(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	var fails []string
	if err := chromedp.Run(ctx, chromedp.Evaluate(contrastScript, &fails)); err != nil {
		t.Fatalf("%s: contrast check: %v", what, err)
	}
	for _, f := range fails {
		t.Errorf("%s: contrast %s", what, f)
	}
}

// viewports are the widths the layout is checked at: a desktop, a small
// laptop or tablet (where the side navigation folds away), a phone.
var viewports = []struct {
	name          string
	width, height int64
}{{"1400", 1400, 900}, {"800", 800, 900}, {"390", 390, 844}}

// overflowScript reports the page's horizontal overflow in CSS pixels (0
// when nothing sticks out) and the elements that cause it.
const overflowScript = `(() => {
  const w = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - w;
  const culprits = [];
  if (over > 0) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 1 && r.width > 0) {
        let p = el.parentElement, inScroller = false;
        for (; p; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === "auto" || o === "scroll" || o === "hidden") { inScroller = true; break; }
        }
        if (!inScroller) culprits.push(el.tagName.toLowerCase() + "." + (el.className || "") + " right=" + Math.round(r.right));
        if (culprits.length > 5) break;
      }
    }
  }
  return {over, culprits};
})()`

// visibleScript reports whether the element sel matches is displayed with
// a size on screen.
func visible(sel string) string {
	return `(() => { const e = document.querySelector(` + "`" + sel + "`" + `); if (!e) return false;
  const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden"; })()`
}

// checkLayout loads url at each of the viewports, saves a full-page
// screenshot of it under dir (name-WIDTH.png), and fails the test when the
// page scrolls sideways or its navigation cannot be reached: the side
// navigation and the service links on a wide screen, the navigation menu
// (which opens to show them) on a narrow one. The contrast is checked at
// every width too. It ends at the widest viewport.
func checkLayout(t *testing.T, ctx context.Context, dir, name, url string) {
	t.Helper()
	for _, vp := range append(viewports[1:], viewports[0]) {
		var shot []byte
		var ov struct {
			Over     float64  `json:"over"`
			Culprits []string `json:"culprits"`
		}
		err := chromedp.Run(ctx,
			chromedp.EmulateViewport(vp.width, vp.height),
			chromedp.Navigate(url),
			chromedp.WaitReady(`body`),
			chromedp.Evaluate(overflowScript, &ov),
			chromedp.FullScreenshot(&shot, 100),
		)
		if err != nil {
			t.Fatalf("%s at %s px: %v", name, vp.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+vp.name+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
		if ov.Over > 0 {
			t.Errorf("%s at %s px: the page is %.0f px wider than the screen: %s", name, vp.name, ov.Over, strings.Join(ov.Culprits, ", "))
		}
		checkContrast(t, ctx, fmt.Sprintf("%s at %s px", name, vp.name))
		var sideNav, links, toggle bool
		if err := chromedp.Run(ctx,
			chromedp.Evaluate(visible(".app > .sidenav"), &sideNav),
			chromedp.Evaluate(visible(".topnav-links"), &links),
			chromedp.Evaluate(visible("[data-testid=nav-toggle]"), &toggle),
		); err != nil {
			t.Fatal(err)
		}
		if vp.width > 860 {
			if !sideNav || !links {
				t.Errorf("%s at %s px: side navigation shown %v, service links %v", name, vp.name, sideNav, links)
			}
			continue
		}
		if !toggle || sideNav {
			t.Errorf("%s at %s px: menu button shown %v, side navigation folded %v", name, vp.name, toggle, !sideNav)
		}
		// The menu opens the navigation, and the page still fits.
		if err := chromedp.Run(ctx,
			chromedp.Click(`[data-testid=nav-toggle] summary`),
			chromedp.WaitVisible(`.app > .sidenav`),
			chromedp.Evaluate(visible(".topnav-links"), &links),
			chromedp.Evaluate(overflowScript, &ov),
			chromedp.FullScreenshot(&shot, 100),
		); err != nil {
			t.Fatalf("%s at %s px: the menu does not open the navigation: %v", name, vp.name, err)
		}
		os.WriteFile(filepath.Join(dir, name+"-"+vp.name+"-menu.png"), shot, 0o644)
		if !links || ov.Over > 0 {
			t.Errorf("%s at %s px with the menu open: service links shown %v, overflow %.0f px %v", name, vp.name, links, ov.Over, ov.Culprits)
		}
		checkContrast(t, ctx, fmt.Sprintf("%s at %s px, menu open", name, vp.name))
	}
}

// noScript turns the page's JavaScript off (true) or on again.
func noScript(off bool) chromedp.Action {
	return emulation.SetScriptExecutionDisabled(off)
}
