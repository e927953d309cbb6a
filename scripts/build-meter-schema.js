/*
 * Writes the charges' definitions into the bid template schema (src/templates/bid-template.schema.json)
 * from the meters' own parts (src/engine/meters/schema.ts): each meter kind's fields live in its module,
 * and this puts them into the schema as one block at the end of its definitions, with `byCharges` in the
 * pricing models. Then run scripts/build-validator.js (the build does) to compile the schema.
 *
 *   node scripts/build-meter-schema.js           write the block if the schema does not hold it
 *   node scripts/build-meter-schema.js --check   exit 1 if the schema does not hold it
 */
"use strict";
const fs = require("fs");
const path = require("path");
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
const { chargeSchemaDefinitions } = require("../src/engine/meters/schema");

const SCHEMA = path.join(__dirname, "..", "src", "templates", "bid-template.schema.json");
const FIRST = "byCharges";
const REF = '{ "$ref": "#/definitions/byCharges" }';

/** JSON as the schema file writes it: an object or list that fits in 110 characters on one line. */
function format(value, depth) {
  const pad = "  ".repeat(depth);
  const flat = JSON.stringify(value, null, 1).replace(/\n\s*/g, " ").replace(/\[ /g, "[").replace(/ \]/g, "]");
  if (value === null || typeof value !== "object" || flat.length + pad.length <= 110) return flat;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${pad}  ${format(v, depth + 1)}`).join(",\n")}\n${pad}]`;
  return `{\n${Object.entries(value)
    .map(([k, v]) => `${pad}  ${JSON.stringify(k)}: ${format(v, depth + 1)}`)
    .join(",\n")}\n${pad}}`;
}

function written(text) {
  const defs = chargeSchemaDefinitions();
  // Without the block written before (it runs from its first definition to the end of the definitions).
  const start = text.indexOf(`,\n    "${FIRST}": {`);
  let base = start >= 0 ? text.slice(0, start) + "\n  }\n}\n" : text;
  if (!base.includes(REF)) {
    const credits = '{ "$ref": "#/definitions/credits" }';
    if (!base.includes(credits)) throw new Error("the schema's pricing models do not list credits: where should byCharges go?");
    base = base.replace(credits, `${credits},\n        ${REF}`);
  }
  const end = base.lastIndexOf("\n  }\n}");
  const block = Object.entries(defs)
    .map(([k, v]) => `    ${JSON.stringify(k)}: ${format(v, 2)}`)
    .join(",\n");
  return `${base.slice(0, end)},\n${block}\n  }\n}\n`;
}

const text = fs.readFileSync(SCHEMA, "utf8");
const next = written(text);
JSON.parse(next);
if (process.argv.includes("--check")) {
  if (next !== text) {
    console.error("src/templates/bid-template.schema.json does not hold the meters' definitions: run node scripts/build-meter-schema.js");
    process.exit(1);
  }
} else if (next !== text) {
  fs.writeFileSync(SCHEMA, next);
  console.log("src/templates/bid-template.schema.json: the meters' definitions written.");
} else console.log("src/templates/bid-template.schema.json holds the meters' definitions.");
