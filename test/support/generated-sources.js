/*
 * Jest's global setup: writes the sources the build generates and git does not hold (the bid template's
 * compiled validator), so that `npx jest <file>` works in a fresh clone without `npm run build`.
 */
"use strict";
module.exports = async function writeGeneratedSources() {
  require("../../scripts/build-validator.js").ensure();
};
