/*! iamconsole policy editor. Bundles CodeMirror 6 (codemirror, @codemirror/*,
 * @lezer/*, style-mod, crelt, w3c-keyname, @marijn/find-cluster-break), each
 * under the MIT License:
 *
 * Copyright (C) 2016-2024 by Marijn Haverbeke <marijn@haverbeke.berlin>,
 * Arun Srinivasan <rulfzid@gmail.com>, and others
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
 * THE SOFTWARE.
 */

// Source of static/js/editor.js, the JSON policy editor.
//
// Rebuild after changing this file or the CodeMirror versions, from the
// repository root:
//
//     npm ci                  # installs the pinned packages of package-lock.json
//     npm run build:editor    # writes static/js/editor.js (minified, one file)
//
// and commit static/js/editor.js: the Go binary embeds the built bundle, so
// neither Node nor npm is needed to build or run the console.
//
// Behaviour: every textarea[data-policy-editor] is hidden and replaced by a
// CodeMirror editor holding its value; the textarea is kept up to date, so
// the form posts the document as before (and the page works without this
// script). Attributes read from the textarea:
//
//   data-errors          JSON array of {line, column, message} (1-based) shown
//                        as diagnostics on load
//   data-validate-url    URL to POST {"document", "kind"} to, 400 ms after the
//                        last change; it answers {"errors": [...],
//                        "summary_html": "..."}
//   data-policy-kind     sent as "kind" (identity, trust, boundary, ...)
//   data-summary-target  id of an element whose innerHTML is replaced by the
//                        (server-escaped) summary_html; the server sends a
//                        summary for a valid document only
//
// The error count under the editor is a button: it moves the cursor to the
// first error (or, with none, the first warning) and shows it.
//
// The CSRF token comes from <meta name="csrf-token"> and travels in the
// X-CSRF-Token header.

import { EditorView, basicSetup } from "codemirror";
import { json } from "@codemirror/lang-json";
import { linter, lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";

const LINT_DELAY_MS = 400;

// The colours of pre.json in console.css, so that read-only and editable
// policies look alike.
const policyHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "#0b5394" },
  { tag: tags.string, color: "#067d17" },
  { tag: tags.number, color: "#b35900" },
  { tag: [tags.bool, tags.null], color: "#8f36c4" },
  { tag: tags.invalid, color: "#d91515" },
]);

// toDiagnostics turns server errors ({line, column, message}, 1-based) into
// CodeMirror diagnostics, each underlining the JSON token at its position.
function toDiagnostics(doc, errors) {
  if (!Array.isArray(errors)) return [];
  const out = [];
  for (const err of errors) {
    if (!err || typeof err.message !== "string") continue;
    let from = 0;
    let to = 0;
    const lineNo = Number(err.line) | 0;
    if (lineNo >= 1 && lineNo <= doc.lines) {
      const line = doc.line(lineNo);
      const col = Math.max(1, Number(err.column) | 0 || 1);
      from = Math.min(line.from + col - 1, line.to);
      to = tokenEnd(line.text, from - line.from) + line.from;
      if (to === from && from > line.from) from -= 1; // end of line: mark the last character
    } else if (lineNo > doc.lines) {
      from = Math.max(0, doc.length - 1);
      to = doc.length;
    } else {
      // No position: the whole first line.
      to = doc.lines ? doc.line(1).to : 0;
    }
    out.push({ from, to, severity: err.severity === "warning" ? "warning" : "error", message: err.message });
  }
  return out;
}

// tokenEnd returns the offset just past the JSON token starting at i in text:
// a whole string literal, or a run of word characters, or one character.
function tokenEnd(text, i) {
  if (i >= text.length) return i;
  if (text[i] === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === "\\") j++;
      else if (text[j] === '"') return j + 1;
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && /[\w.+-]/.test(text[j])) j++;
  return j > i ? j : i + 1;
}

function parseErrors(raw) {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v : [];
  } catch (e) {
    return [];
  }
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") || "" : "";
}

function plural(n, word) {
  return n + " " + word + (n === 1 ? "" : "s");
}

function enhance(textarea) {
  if (textarea.dataset.policyEditorMounted) return;
  textarea.dataset.policyEditorMounted = "true";

  const initialText = textarea.value;
  const initialErrors = parseErrors(textarea.getAttribute("data-errors"));
  const validateURL = textarea.getAttribute("data-validate-url");
  const kind = textarea.dataset.policyKind || "";
  const summaryID = textarea.getAttribute("data-summary-target");

  const wrapper = document.createElement("div");
  wrapper.className = "policy-editor";
  if (textarea.classList.contains("invalid") || textarea.getAttribute("aria-invalid") === "true") {
    wrapper.classList.add("invalid");
  }
  const status = document.createElement("div");
  status.className = "policy-editor-status";
  const message = document.createElement("span");
  message.setAttribute("role", "status");
  message.setAttribute("aria-live", "polite");
  const cursor = document.createElement("span");
  status.append(message, cursor);
  const summaryTarget = summaryID ? document.getElementById(summaryID) : null;
  const initialSummary = summaryTarget ? summaryTarget.innerHTML : "";

  // The diagnostics last shown, for the count's jump to the first one.
  let shown = [];
  let view = null;

  function jumpToFirst() {
    if (!view || shown.length === 0) return;
    const first = shown.find((d) => d.severity === "error") || shown[0];
    view.dispatch({ selection: { anchor: first.from, head: first.to }, scrollIntoView: true });
    view.focus();
  }

  function showCount(diagnostics) {
    shown = diagnostics;
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    message.replaceChildren();
    if (diagnostics.length === 0) {
      message.className = "ok";
      message.textContent = "No errors";
      return;
    }
    message.className = errors ? "errors" : "warnings";
    const jump = document.createElement("button");
    jump.type = "button";
    jump.className = "policy-editor-jump";
    jump.setAttribute("data-testid", "editor-error-count");
    jump.title = "Go to the first " + (errors ? "error" : "warning");
    jump.textContent = [errors && plural(errors, "error"), warnings && plural(warnings, "warning")]
      .filter(Boolean)
      .join(", ");
    jump.addEventListener("click", jumpToFirst);
    message.append(jump);
  }

  let inflight = null;
  async function lintSource(view) {
    const text = view.state.doc.toString();
    if (text === initialText) {
      // The server already validated (and summarised) this text.
      if (summaryTarget) summaryTarget.innerHTML = initialSummary;
      const diags = toDiagnostics(view.state.doc, initialErrors);
      showCount(diags);
      return diags;
    }
    if (!validateURL) return [];
    if (inflight) inflight.abort();
    const ctrl = new AbortController();
    inflight = ctrl;
    message.className = "";
    message.textContent = "Checking…";
    try {
      const res = await fetch(validateURL, {
        method: "POST",
        credentials: "same-origin",
        signal: ctrl.signal,
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRF-Token": csrfToken(),
        },
        body: JSON.stringify({ document: text, kind }),
      });
      if (!res.ok && res.status !== 422) throw new Error("HTTP " + res.status);
      const body = await res.json();
      if (summaryTarget && typeof body.summary_html === "string") {
        summaryTarget.innerHTML = body.summary_html; // escaped by the server
      }
      const diags = toDiagnostics(view.state.doc, body.errors);
      showCount(diags);
      return diags;
    } catch (err) {
      if (err && err.name === "AbortError") return [];
      message.className = "";
      message.textContent = "Could not check the policy";
      return [];
    } finally {
      if (inflight === ctrl) inflight = null;
    }
  }

  let label = "";
  if (textarea.labels && textarea.labels.length) label = textarea.labels[0].textContent.trim();
  const contentAttrs = { "aria-label": label || "Policy document", spellcheck: "false" };
  const describedBy = textarea.getAttribute("aria-describedby");
  if (describedBy) contentAttrs["aria-describedby"] = describedBy;

  view = new EditorView({
    parent: wrapper,
    state: EditorState.create({
      doc: initialText,
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        EditorState.tabSize.of(2),
        json(),
        syntaxHighlighting(policyHighlight),
        lintGutter(),
        linter(lintSource, { delay: LINT_DELAY_MS }),
        EditorView.contentAttributes.of(contentAttrs),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            textarea.value = update.state.doc.toString();
            wrapper.classList.remove("invalid");
          }
          if (update.selectionSet || update.docChanged) {
            const head = update.state.selection.main.head;
            const line = update.state.doc.lineAt(head);
            cursor.textContent = "Ln " + line.number + ", Col " + (head - line.from + 1);
          }
        }),
      ],
    }),
  });

  wrapper.appendChild(status);
  textarea.insertAdjacentElement("afterend", wrapper);
  textarea.hidden = true;
  // A hidden required field would block submission with an unfocusable
  // control; the server validates the document anyway.
  textarea.required = false;
  cursor.textContent = "Ln 1, Col 1";

  const diags = toDiagnostics(view.state.doc, initialErrors);
  view.dispatch(setDiagnostics(view.state, diags));
  showCount(diags);

  // Clicking the textarea's label focuses the editor instead.
  if (textarea.labels) {
    for (const l of textarea.labels) {
      l.addEventListener("click", (ev) => {
        ev.preventDefault();
        view.focus();
      });
    }
  }
  const form = textarea.form;
  if (form) {
    form.addEventListener("submit", () => {
      textarea.value = view.state.doc.toString();
    });
  }
}

function init() {
  document.querySelectorAll("textarea[data-policy-editor]").forEach(enhance);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
