/*
 * Preloaded into a child process (node -r) by the tests that pin "today": the clock stands still at
 * AIPRICE_TEST_NOW (an ISO instant); the time zone is the process's TZ. `new Date()` and `Date.now()`
 * give that instant; every other use of Date is the real one.
 */
"use strict";
const fixed = Date.parse(process.env.AIPRICE_TEST_NOW || "");
if (Number.isNaN(fixed)) throw new Error("fixed-clock.js: set AIPRICE_TEST_NOW to an ISO instant");
const RealDate = Date;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(fixed);
    else super(...args);
  }
  static now() {
    return fixed;
  }
}
globalThis.Date = FixedDate;
