#!/usr/bin/env node
/**
 * Writes the sample pilot history, samples/pilot-history.csv: one row per conversation of a support
 * AI agent piloted for nine months, seeded, so that the same file comes out every time.
 *
 *   node scripts/make-sample-history.js [--rows-per-month N] [--months N] [--seed S] [--out FILE] [--no-bad-rows]
 *
 * Its shape is what a real export looks like: volume with seasonality (a peak in November and
 * December, a dip in August), a resolution rate that rises as the pilot is tuned, reopens within hours
 * or weeks, a third of conversations rated (unrated ones blank), humans taking what the AI does not
 * resolve, token counts that vary widely, times in UTC with a few local offsets, and a few rows that
 * cannot be read (each of a different kind), as real exports have.
 *
 * `generateRows` is also used by the benchmark to write large histories quickly.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const HEADER = "conversation_id,started_at,input_tokens,cached_input_tokens,output_tokens,ai_resolved,reopened_at,csat,human_handled";

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seasonal volume factors by calendar month (January first). */
const SEASON = [0.95, 0.9, 1.0, 1.0, 1.0, 0.95, 0.9, 0.8, 1.0, 1.05, 1.25, 1.35];
const DAY = 86400000;

function iso(ms, offsetMinutes) {
  if (!offsetMinutes) return new Date(ms).toISOString().replace(".000Z", "Z");
  const local = new Date(ms + offsetMinutes * 60000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** A roughly log-normal count around `median`. */
function around(rand, median, spread) {
  const u = rand() + rand() + rand() - 1.5; // about normal, sd 0.5
  return Math.max(0, Math.round(median * Math.exp(u * spread)));
}

/** The rows that cannot be read, each of a different kind, and where they go (after the row of that index in the month). */
const BAD_ROWS = [
  (id) => `${id},,3100,1200,380,true,,5,false`, // started_at blank
  (id) => `${id},2025-13-02T09:15:00Z,2800,900,350,false,,,true`, // month 13
  (id) => `${id},2025-06-31T12:00:00Z,2900,1000,300,true,,4,false`, // 31 June does not exist
  (id) => `${id},2025-07-14T08:30:00Z,4100,500,420,maybe,,,false`, // not true or false
  (id) => `${id},2025-09-03T16:45:00Z,-12,0,310,true,,,false`, // negative tokens
  (id) => `${id},2025-10-20T11:00:00Z,1500,2500,200,true,,3,false`, // cached above input
  (id) => `${id},2025-11-05T10:00:00Z,3300,1100,390,true,2025-11-04T09:00:00Z,,false`, // reopened before it started
  (id) => `${id},2025-12-01T13:20:00Z,3600,1300,410,true,,excellent,false`, // csat not a number
];

/**
 * Yields the CSV lines (header first). Options: seed, start ("YYYY-MM", the first month), months,
 * rowsPerMonth (before seasonality), badRows (boolean).
 */
function* generateRows({ seed = 12, start = "2025-04", months = 9, rowsPerMonth = 430, badRows = true } = {}) {
  const rand = random(seed);
  yield HEADER;
  const [y0, m0] = start.split("-").map(Number);
  let n = 0;
  let bad = 0;
  for (let k = 0; k < months; k++) {
    const from = Date.UTC(y0, m0 - 1 + k, 1);
    const to = Date.UTC(y0, m0 + k, 1);
    const calendarMonth = new Date(from).getUTCMonth();
    const count = Math.round(rowsPerMonth * SEASON[calendarMonth] * (0.95 + 0.1 * rand()));
    // The pilot is tuned as it goes: the AI resolves 52% in the first month, about 74% by the ninth.
    const resolveRate = 0.52 + (0.22 * Math.min(k, 8)) / 8 + 0.03 * (rand() - 0.5);
    const times = [];
    for (let i = 0; i < count; i++) times.push(from + Math.floor(rand() * (to - from)));
    times.sort((a, b) => a - b);
    const badAt = badRows && bad < BAD_ROWS.length && k >= 1 ? Math.floor(count / 2) : -1;
    for (let i = 0; i < count; i++) {
      n++;
      const id = `c-${String(n).padStart(6, "0")}`;
      if (i === badAt) {
        yield BAD_ROWS[bad++](id);
        continue;
      }
      const started = times[i];
      const resolved = rand() < resolveRate;
      // A few agents log local time with their offset; most systems write UTC.
      const offset = rand() < 0.06 ? (rand() < 0.5 ? 120 : -300) : 0;
      const input = around(rand, 3200, 0.8) + 400;
      const cached = Math.min(input, Math.round(input * (0.2 + 0.4 * rand())));
      const output = around(rand, 380, 0.7) + 20;
      let reopened = "";
      let human = !resolved && rand() < 0.93;
      if (resolved && rand() < 0.1) {
        // Reopened: most within a few days, some weeks later (outside a 7-day window).
        const after = rand() < 0.7 ? Math.floor(rand() * 4 * DAY) + 3600000 : Math.floor((7 + rand() * 14) * DAY);
        reopened = iso(started + after, 0);
        human = rand() < 0.6;
      }
      let csat = "";
      if (rand() < 0.34) {
        const r = rand();
        csat = resolved ? (r < 0.55 ? 5 : r < 0.82 ? 4 : r < 0.92 ? 3 : r < 0.97 ? 2 : 1) : r < 0.35 ? 5 : r < 0.65 ? 4 : r < 0.82 ? 3 : r < 0.92 ? 2 : 1;
        if (reopened && rand() < 0.5) csat = Math.min(csat, 2);
      }
      yield `${id},${iso(started, offset)},${input},${cached},${output},${resolved},${reopened},${csat},${human}`;
    }
  }
}

/** Writes the lines to `file` in large chunks. Returns the number of lines written (header included). */
function writeHistory(file, options) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "w");
  let lines = 0;
  let chunk = [];
  try {
    for (const line of generateRows(options)) {
      chunk.push(line);
      lines++;
      if (chunk.length === 50000) {
        fs.writeSync(fd, chunk.join("\n") + "\n");
        chunk = [];
      }
    }
    if (chunk.length) fs.writeSync(fd, chunk.join("\n") + "\n");
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

module.exports = { HEADER, generateRows, writeHistory, random };

if (require.main === module) {
  const args = process.argv.slice(2);
  const options = {};
  let out = path.join(__dirname, "..", "samples", "pilot-history.csv");
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--rows-per-month") options.rowsPerMonth = Number(next());
    else if (a === "--months") options.months = Number(next());
    else if (a === "--seed") options.seed = Number(next());
    else if (a === "--start") options.start = next();
    else if (a === "--out") out = next();
    else if (a === "--no-bad-rows") options.badRows = false;
    else {
      process.stderr.write(`make-sample-history: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  const lines = writeHistory(out, options);
  process.stdout.write(`${path.relative(process.cwd(), out)}: ${lines - 1} conversations\n`);
}
