// Builds static/js/graph.js from graph.src.js: one minified IIFE, with the
// source's leading /*! license comment kept at the top of the bundle.
// Run through "npm run build:graph" from the repository root.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const entry = "static/js/src/graph.src.js";
const license = readFileSync(entry, "utf8").match(/^\/\*![\s\S]*?\*\//);
if (!license) throw new Error(entry + ": missing the leading /*! license comment");

await build({
  entryPoints: [entry],
  outfile: "static/js/graph.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  legalComments: "none",
  banner: { js: license[0] },
  logLevel: "info",
});
