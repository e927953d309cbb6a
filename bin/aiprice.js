#!/usr/bin/env node
/* The `aiprice` command: runs the CLI compiled by `npm run build` (tsc -p tsconfig.cli.json) into lib/. */
"use strict";
const fs = require("fs");
const path = require("path");

const compiled = path.join(__dirname, "..", "lib", "cli", "aiprice.js");
if (!fs.existsSync(compiled)) {
  process.stderr.write(`aiprice: ${path.relative(process.cwd(), compiled) || compiled} is missing: run npm run build first.\n`);
  process.exitCode = 2;
} else {
  require(compiled).run();
}
