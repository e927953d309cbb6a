/*
 * webpack loader for src/templates/bid-template.schema.json in the add-in's bundles: drops the schema's
 * annotations ("description", "title", "$comment" strings), which document the file format for people
 * (editors, docs/templates.md) and which no code in the pane reads; validation never depends on them.
 * About 2 KB gzipped of taskpane.js. Values inside "default", "const", "enum" and "examples" are data
 * and are kept whole. The command line and the tests read the file itself, untouched.
 */
"use strict";

const ANNOTATIONS = new Set(["description", "title", "$comment"]);
const DATA = new Set(["default", "const", "enum", "examples"]);

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) && typeof value === "string") continue;
    out[key] = DATA.has(key) ? value : strip(value);
  }
  return out;
}

module.exports = function schemaAnnotationsLoader(source) {
  return JSON.stringify(strip(JSON.parse(source)));
};
module.exports.strip = strip;
