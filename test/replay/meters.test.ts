/**
 * A bid by charges replayed on the buyer's history (src/replay/meters.ts): each meter counted from the
 * history where a column gives it (voice minutes, sessions, outcome type, actions by type), the bid's
 * figure per conversation where none does, and the report says which. Hand figures on a small CSV, the
 * streaming reader and DuckDB held to the same counts and the same unreadable rows, and the CLI.
 */
import * as fs from "fs";
import fc from "fast-check";
import * as path from "path";
import type { Bid } from "../../src/engine";
import { mapColumns, mappingByName } from "../../src/replay/columns";
import { aggregateWithDuckDb } from "../../src/replay/duckdb";
import ExcelJS from "exceljs";
import { aggregateCsv, aggregateXlsx, HistoryRead } from "../../src/replay/history-node";
import { findMeterColumns, MAX_OUTCOME_TYPES } from "../../src/replay/meter-columns";
import { perConversation, sourcesInWords } from "../../src/replay/meters";
import { MonthlyAggregator } from "../../src/replay/monthly-aggregation";
import { replayBid } from "../../src/replay/replay";
import { RowReader } from "../../src/replay/rows";
import { main } from "../../src/cli/aiprice";
import { CsvParserClass } from "../../src/replay/csv-chunks";
import { openHistory, readRows } from "../../src/taskpane/replay-reading";
import { planReplaySheet } from "../../src/workbook/replay-sheet";
import { planCells } from "../../src/workbook/sheet-plan";
import { usd } from "../support/meter-bids";
import { D7T4, tempDir, writeFile } from "./support";

const HEADER = "conversation_id,started_at,ai_resolved,voice_minutes,sessions,outcome,actions_standard_action,actions_voice_action";
const ROWS = [
  // January: 4 conversations, 2 resolved; 4.5 minutes; 5 sessions; 1 resolution, 1 handoff, 1 qualified lead; 6 standard and 3 voice actions.
  "c1,2026-01-05T10:00:00Z,true,3,1,resolution,2,0",
  "c2,2026-01-06T10:00:00Z,false,0,2,Procedure handoff,1,1",
  "c3,2026-01-07T10:00:00Z,true,1.5,1,Qualified lead,3,0",
  "c4,2026-01-08T10:00:00Z,false,,1,,0,2",
  // February: 2 conversations, both resolved; 4.5 minutes; 4 sessions; 1 resolution, 1 disqualification; 3 standard and 1 voice action.
  "c5,2026-02-01T00:00:00Z,true,4,1,resolution,1,0",
  "c6,2026-02-02T00:00:00Z,true,0.5,3,disqualification,2,1",
];

/** Intercom-style outcomes and leads, voice minutes, Freddy-style sessions in packs of 100, Agentforce-style actions in credits. */
const BID: Bid = usd("Every metered charge", [
  {
    label: "Fin outcomes",
    meter: "outcomes",
    outcomes: [
      { type: "resolution", share: 0.55 },
      { type: "procedure handoff", share: 0.1 },
      { type: "disqualification", share: 0.05 },
    ],
    unitPrice: 0.99,
  },
  { label: "Qualified leads", meter: "outcomes", outcomes: [{ type: "qualified lead", share: 0.02 }], unitPrice: 9.99 },
  { label: "Voice", meter: "voice-minutes", minutesPerConversation: 1, unitPrice: 0.1 },
  { label: "Sessions", meter: "sessions", counts: "sessions", perConversation: 1.2, unitPrice: 49, packageSize: 100 },
  {
    label: "Actions",
    meter: "actions",
    actions: [
      { type: "standard action", perConversation: 2, creditsPerAction: 20 },
      { type: "voice action", perConversation: 0.5, creditsPerAction: 30 },
    ],
    creditPack: { price: 500, credits: 100000 },
  },
]);

// By hand, counted: outcomes x 0.99 + leads x 9.99 + minutes x 0.1 + one pack of sessions + credits x 0.005.
const JAN = 2 * 0.99 + 1 * 9.99 + 4.5 * 0.1 + 49 + (6 * 20 + 3 * 30) * 0.005; // 62.47
const FEB = 2 * 0.99 + 0 * 9.99 + 4.5 * 0.1 + 49 + (3 * 20 + 1 * 30) * 0.005; // 51.88
// By hand, assumed (no meter column; January: V = 4): 4 x 0.7 x 0.99 + 4 x 0.02 x 9.99 + 4 x 1 x 0.1 + one pack + 4 x 55 x 0.005.
const JAN_ASSUMED = 4 * 0.7 * 0.99 + 4 * 0.02 * 9.99 + 4 * 0.1 + 49 + 4 * 55 * 0.005;

/** The pure reader and aggregator over CSV lines (no quoted commas). */
function aggregate(lines: string[]) {
  const headers = lines[0].split(",");
  const m = mapColumns(headers);
  if (!m.ok) throw new Error(m.message);
  const reader = new RowReader(m.mapping, headers.length, undefined, m.meters);
  const agg = new MonthlyAggregator(D7T4, m.meters);
  lines.slice(1).forEach((l, i) => {
    const row = reader.read(l.split(","), i + 2);
    if (row) agg.add(row);
  });
  return { history: agg.result(), problems: reader.problems };
}

let tmp: string;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("meter columns", () => {
  test("recognized beside the canonical columns, actions by type from their headers", () => {
    const m = mapColumns(HEADER.split(","));
    expect(m.ok && m.meters.map((c) => [c.key, c.header])).toEqual([
      ["voice_minutes", "voice_minutes"],
      ["sessions", "sessions"],
      ["outcome", "outcome"],
      ["actions:standard_action", "actions_standard_action"],
      ["actions:voice_action", "actions_voice_action"],
    ]);
    // A header the canonical columns hold is not a meter column; other names are recognized.
    expect(findMeterColumns(["Voice Minutes", "Outcome Type", "Action: Agent Action", "x"], new Set()).map((c) => c.key)).toEqual(["voice_minutes", "outcome", "actions:agent_action"]);
    expect(findMeterColumns(["sessions"], new Set([0]))).toEqual([]);
    // Names that often hold something else (a handling time, the transcript's text) are not meter columns.
    expect(findMeterColumns(["minutes", "messages", "notes"], new Set())).toEqual([]);
  });

  test("counted month by month", () => {
    const { history, problems } = aggregate([HEADER, ...ROWS]);
    expect(problems.skipped).toBe(0);
    expect(history.counts).toEqual(["voice_minutes", "sessions", "actions:standard_action", "actions:voice_action", "outcome"]);
    expect(history.months.map((m) => m.meters)).toEqual([
      { voice_minutes: 4.5, sessions: 5, "actions:standard_action": 6, "actions:voice_action": 3, "outcome:resolution": 1, "outcome:procedure_handoff": 1, "outcome:qualified_lead": 1 },
      { voice_minutes: 4.5, sessions: 4, "actions:standard_action": 3, "actions:voice_action": 1, "outcome:resolution": 1, "outcome:disqualification": 1 },
    ]);
  });

  test("a history without meter columns aggregates as before (no counts, no meters)", () => {
    const { history } = aggregate(["conversation_id,started_at,ai_resolved", "a,2026-01-01T00:00:00Z,true"]);
    expect(history.counts).toBeUndefined();
    expect(history.months[0].meters).toBeUndefined();
  });

  test("a meter cell that is not a count, or an outcome that is not words, is a row problem naming the column", () => {
    const { problems } = aggregate([HEADER, "a,2026-01-01T00:00:00Z,true,-3,1,resolution,0,0", "b,2026-01-01T00:00:00Z,true,1,x,resolution,0,0", "c,2026-01-01T00:00:00Z,true,1,1,!!,0,0"]);
    expect(problems.listed).toEqual([
      { row: 2, column: "voice_minutes", reason: "voice_minutes is not a number from 0 to 1,000,000,000", value: "-3" },
      { row: 3, column: "sessions", reason: "sessions is not a number from 0 to 1,000,000,000", value: "x" },
      { row: 4, column: "outcome", reason: "outcome is not an outcome type in words", value: "!!" },
    ]);
  });
});

describe("a bid by charges priced from the history", () => {
  test("every metered charge counted: the hand figures, month by month, and the report says so", () => {
    const { history } = aggregate([HEADER, ...ROWS]);
    const r = replayBid(BID, history, { tokens: false });
    expect(r.problem).toBeUndefined();
    expect(r.months.map((m) => m.bill)).toEqual([expect.closeTo(JAN, 9), expect.closeTo(FEB, 9)]);
    expect(r.total).toBeCloseTo(JAN + FEB, 9);
    expect(JAN + FEB).toBeCloseTo(114.35, 9);
    expect(r.meters?.every((s) => s.from === "history")).toBe(true);
    expect(r.meters?.map((s) => [s.charge, s.what, s.column])).toEqual([
      ["Fin outcomes", "outcome: resolution", "outcome"],
      ["Fin outcomes", "outcome: procedure handoff", "outcome"],
      ["Fin outcomes", "outcome: disqualification", "outcome"],
      ["Qualified leads", "outcome: qualified lead", "outcome"],
      ["Voice", "voice minutes", "voice_minutes"],
      ["Sessions", "sessions", "sessions"],
      ["Actions", "actions: standard action", "actions_standard_action"],
      ["Actions", "actions: voice action", "actions_voice_action"],
    ]);
  });

  test("without the meter columns: the bid's figures per conversation, each named as assumed", () => {
    const { history } = aggregate(["conversation_id,started_at,ai_resolved", ...ROWS.slice(0, 4).map((l) => l.split(",").slice(0, 3).join(","))]);
    const r = replayBid(BID, history, { tokens: false });
    expect(r.months.map((m) => m.bill)).toEqual([expect.closeTo(JAN_ASSUMED, 9)]);
    const words = sourcesInWords(r.meters ?? []);
    expect(words.counted).toEqual([]);
    expect(words.assumed).toContain("Voice: voice minutes (the bid's figure)");
    expect(words.assumed).toContain("Actions: actions: standard action (the bid's figure)");
    expect(words.assumed).toHaveLength(8);
  });

  test("some columns present, some absent: each charge says which", () => {
    const lines = ["conversation_id,started_at,ai_resolved,voice_minutes", "a,2026-01-01T00:00:00Z,true,2", "b,2026-01-02T00:00:00Z,false,1"];
    const r = replayBid(BID, aggregate(lines).history, { tokens: false });
    // V = 2: outcomes assumed 2 x 0.7 x 0.99 + 2 x 0.02 x 9.99; voice counted 3 x 0.1; one pack; 2 x 55 credits x 0.005.
    expect(r.months[0].bill).toBeCloseTo(2 * 0.7 * 0.99 + 2 * 0.02 * 9.99 + 0.3 + 49 + 2 * 55 * 0.005, 9);
    expect(r.meters?.filter((s) => s.from === "history").map((s) => s.charge)).toEqual(["Voice"]);
  });

  test("conversations, resolutions and handoffs are counted from the rows and ai_resolved", () => {
    const bid = usd("Per conversation, resolution and handoff", [
      { label: "C", meter: "conversations", unitPrice: 0.1 },
      { label: "R", meter: "resolutions", unitPrice: 1 },
      { label: "H", meter: "handoffs", unitPrice: 0.5 },
    ]);
    const r = replayBid(bid, aggregate([HEADER, ...ROWS]).history, { tokens: false });
    // January: 4 x 0.1 + 2 x 1 + 2 x 0.5; February: 2 x 0.1 + 2 x 1 + 0.
    expect(r.months.map((m) => m.bill)).toEqual([expect.closeTo(3.4, 12), expect.closeTo(2.2, 12)]);
    expect(r.meters?.map((s) => s.column)).toEqual(["started_at", "ai_resolved", "ai_resolved"]);
  });

  test("a token charge: the history's tokens where it has token columns, else the charge's own", () => {
    const bid = usd("Tokens", [{ label: "Model", meter: "tokens", inputPricePerMTok: 3, outputPricePerMTok: 15, tokens: { input: 1000, output: 100 } }]);
    const lines = ["conversation_id,started_at,ai_resolved,input_tokens,output_tokens", "a,2026-01-01T00:00:00Z,true,2000,200", "b,2026-01-02T00:00:00Z,false,4000,400"];
    const counted = replayBid(bid, aggregate(lines).history, { tokens: true });
    // 3,000 in and 300 out per conversation: (3000 x 3 + 300 x 15) / 1e6 = 0.0135, two conversations.
    expect(counted.months[0].bill).toBeCloseTo(0.027, 12);
    expect(counted.meters).toEqual([{ charge: "Model", meter: "tokens", what: "tokens", from: "history", column: "input_tokens, cached_input_tokens, output_tokens" }]);
    const assumed = replayBid(bid, aggregate(lines.map((l) => l.split(",").slice(0, 3).join(","))).history, { tokens: false });
    // The charge's own 1,000 in and 100 out: 0.0045 per conversation.
    expect(assumed.months[0].bill).toBeCloseTo(0.009, 12);
    expect(assumed.meters?.[0].from).toBe("bid");
  });

  test("packages see the history's own count (no rounding up of floating-point noise)", () => {
    for (const [count, total] of [
      [10000, 30000],
      [7, 3],
      [100, 7],
      [2e6, 3e6 + 1],
    ])
      expect(total * perConversation(count, total)).toBe(count);
  });
});

describe("property: a history that counts what the bid assumes gives the bid's own figures", () => {
  test("whole minutes, sessions and actions per conversation, every row alike, any volume per month", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        (volumes, minutes, sessionsEach, standard, voice) => {
          const bid = usd("assumed", [
            { label: "Voice", meter: "voice-minutes", minutesPerConversation: minutes, unitPrice: 0.07, includedUnits: 10 },
            { label: "Sessions", meter: "sessions", counts: "sessions", perConversation: sessionsEach, unitPrice: 49, packageSize: 7 },
            {
              label: "Actions",
              meter: "actions",
              actions: [
                { type: "standard action", perConversation: standard, creditsPerAction: 20 },
                { type: "voice action", perConversation: voice, creditsPerAction: 30 },
              ],
              creditPack: { price: 500, credits: 100000 },
            },
          ]);
          const rows = volumes.flatMap((v, month) => Array.from({ length: v }, (_, i) => `c${month}-${i},2026-0${month + 1}-02T00:00:00Z,${i % 2 === 0},${minutes},${sessionsEach},,${standard},${voice}`));
          const counted = replayBid(bid, aggregate([HEADER, ...rows]).history, { tokens: false });
          const assumed = replayBid(bid, aggregate(["conversation_id,started_at,ai_resolved", ...rows.map((l) => l.split(",").slice(0, 3).join(","))]).history, { tokens: false });
          expect(counted.meters?.filter((m) => m.from === "history")).toHaveLength(4);
          expect(assumed.meters?.filter((m) => m.from === "bid")).toHaveLength(4);
          expect(counted.months.map((m) => m.bill)).toEqual(assumed.months.map((m) => m.bill));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("the streaming reader and DuckDB count the same", () => {
  const essence = (r: HistoryRead) => ({ history: r.history, read: r.read, skipped: r.problems.skipped, listed: r.problems.listed });

  test("the small history, with unreadable meter cells", async () => {
    const text = [HEADER, ...ROWS, "bad1,2026-01-09T00:00:00Z,true,many,1,resolution,0,0", "bad2,2026-01-09T00:00:00Z,true,1,1,---,0,0", "bad3,2026-01-09T00:00:00Z,true,1,1,resolution,1e3,0"].join("\n") + "\n";
    const file = writeFile(tmp, "meters.csv", text);
    const js = await aggregateCsv(file, { definition: D7T4 });
    const duck = await aggregateWithDuckDb(file, "csv", { definition: D7T4, threads: 1 });
    expect(essence(duck)).toEqual(essence(js));
    expect(js.problems.listed.map((p) => [p.row, p.column])).toEqual([
      [8, "voice_minutes"],
      [9, "outcome"],
      [10, "actions_standard_action"],
    ]);
    expect(js.history.counts).toEqual(["voice_minutes", "sessions", "actions:standard_action", "actions:voice_action", "outcome"]);
  });

  test("an XLSX history, its counts typed as numbers, counts as the CSV does", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("h");
    ws.addRow(HEADER.split(","));
    for (const l of ROWS) ws.addRow(l.split(",").map((c, k) => (k >= 3 && k !== 5 && c !== "" ? Number(c) : c === "" ? null : c)));
    const file = path.join(tmp, "meters.xlsx");
    await wb.xlsx.writeFile(file);
    const x = await aggregateXlsx(file, { definition: D7T4 });
    const csv = await aggregateCsv(writeFile(tmp, "same.csv", [HEADER, ...ROWS].join("\n") + "\n"), { definition: D7T4 });
    expect(x.problems.skipped).toBe(0);
    expect(x.history).toEqual(csv.history);
  });

  test(`more than ${MAX_OUTCOME_TYPES} outcome types: the rows of the later types are listed, by both`, async () => {
    const lines = ["conversation_id,started_at,ai_resolved,outcome"];
    // Row 2 cannot be read (its own problem): its type does not count among the first ones.
    lines.push("x,not a date,true,type zero");
    for (let i = 1; i <= MAX_OUTCOME_TYPES + 2; i++) lines.push(`c${i},2026-03-0${1 + (i % 9)}T00:00:00Z,true,type ${i}`);
    lines.push("again,2026-03-01T00:00:00Z,false,Type 1");
    const file = writeFile(tmp, "outcomes.csv", lines.join("\n") + "\n");
    const js = await aggregateCsv(file, { definition: D7T4 });
    const duck = await aggregateWithDuckDb(file, "csv", { definition: D7T4, threads: 1 });
    expect(essence(duck)).toEqual(essence(js));
    expect(js.problems.listed.map((p) => p.row)).toEqual([2, MAX_OUTCOME_TYPES + 3, MAX_OUTCOME_TYPES + 4]);
    expect(js.history.months[0].meters?.["outcome:type_1"]).toBe(2);
  });
});

describe("the task pane's worker counts the same", () => {
  test("readRows (the worker's reading, chunk by chunk) gives the CLI's counts and unreadable rows", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the browser (UMD) build of csv-parse, as the pane-reading tests load it
    const Parser = (require(path.join(__dirname, "../../node_modules/csv-parse/dist/umd/index.js")) as { Parser: CsvParserClass }).Parser;
    const tools = { Parser, loadExcelJs: async () => (await import("exceljs")).default };
    const text = [HEADER, ...ROWS, "bad,2026-01-09T00:00:00Z,true,1,1,resolution,x,0"].join("\n") + "\n";
    const blob = new Blob([text]);
    const file = { name: "h.csv", size: blob.size, slice: (a: number, b: number) => blob.slice(a, b), arrayBuffer: () => blob.arrayBuffer() };
    const { open, header } = await openHistory(file, tools);
    const pane = await readRows(open, header.proposal.mapping, D7T4, tools, { chunkBytes: 37 });
    const cli = await aggregateCsv(writeFile(tmp, "pane.csv", text), { definition: D7T4 });
    expect(pane.history).toEqual(cli.history);
    expect(pane.rows.problems).toEqual(cli.problems.listed);
    expect(replayBid(BID, pane.history, { tokens: false }).total).toBeCloseTo(JAN + FEB, 9);
  });
});

describe("the Pilot replay sheet", () => {
  test("a bid by charges: its note says what was counted from the history and what was the bid's figure", () => {
    const lines = ["conversation_id,started_at,ai_resolved,voice_minutes", "a,2026-01-01T00:00:00Z,true,2", "b,2026-01-02T00:00:00Z,false,1"];
    const headers = lines[0].split(",");
    const m = mapColumns(headers);
    if (!m.ok) throw new Error(m.message);
    const { history, problems } = aggregate(lines);
    const { plan, report } = planReplaySheet(
      {
        file: "h.csv",
        history,
        rows: { read: 2, skipped: problems.skipped, reasons: [], problems: [] },
        columns: mappingByName(m.mapping, headers),
        templates: [{ format: "aiprice-bid", version: 1, id: "every-metered-charge", bid: BID, sources: [], questions: [] }],
        date: "2026-12-07",
      },
      [],
    );
    expect(report.bids[0].total).toBeCloseTo(2 * 0.7 * 0.99 + 2 * 0.02 * 9.99 + 0.3 + 49 + 2 * 55 * 0.005, 9);
    const texts = [...planCells(plan)]
      .map((c) => c.cell)
      .filter((c) => c.kind === "text")
      .map((c) => (c as { value: string }).value);
    const note = texts.find((t) => t.startsWith("Counted from your history:"));
    expect(note).toBe(
      "Counted from your history: Voice (voice minutes). The bid's own figures (no column for them): Fin outcomes (outcome: resolution), Fin outcomes (outcome: procedure handoff), Fin outcomes (outcome: disqualification), Qualified leads (outcome: qualified lead), Sessions (sessions), Actions (actions: standard action), Actions (actions: voice action).",
    );
  });
});

describe("aiprice backtest", () => {
  test("prices a bid by charges from the history's meters, in JSON and in words", async () => {
    const history = writeFile(tmp, "cli-meters.csv", [HEADER, ...ROWS].join("\n") + "\n");
    const bidFile = writeFile(tmp, "bid.json", JSON.stringify({ format: "aiprice-bid", version: 1, id: "every-metered-charge", bid: BID }));
    const run = async (args: string[]) => {
      let out = "";
      let err = "";
      const status = await main(["backtest", ...args], { out: (t) => (out += t), err: (t) => (err += t) });
      return { status, out, err };
    };
    for (const engine of ["js", "duckdb"]) {
      const r = await run([history, bidFile, "--engine", engine, "--json"]);
      expect(r.err).toBe("");
      const json = JSON.parse(r.out);
      expect(json.bids[0].total).toBeCloseTo(JAN + FEB, 9);
      expect(json.bids[0].meters).toHaveLength(8);
      expect(json.history.months[0].meters.sessions).toBe(5);
    }
    const text = await run([history, bidFile]);
    expect(text.status).toBe(0);
    expect(text.out).toContain("Charges, counted from the history or assumed from the bid:");
    expect(text.out).toContain("Voice: voice minutes (from voice_minutes)");
    expect(path.basename(history)).toBe("cli-meters.csv");
  });
});
