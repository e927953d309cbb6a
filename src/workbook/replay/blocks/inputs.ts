/**
 * The title, and the replay's inputs as values: the file, the rows read and skipped, the number of
 * months (a formula over the history block), the buyer's definition (D and T), the options that price
 * some models (human cost, qualifying share), and the file's column each canonical column was read from
 * (the file's headers, as text).
 */
import { COLUMNS } from "../../../replay/columns";
import type { SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { formula, num, text } from "../../comparison/cells";
import { allCol, FIRST_MONTH_COL, ReplayContext } from "../context";
import { ROW } from "../keys";

const INPUTS = ["file", "rowsRead", "rowsSkipped", "months", "windowDays", "csatThreshold", "humanCost", "qualifyingShare"] as const;

export const titleBlock: SheetBlock<ReplayContext> = {
  id: "title",
  rows: () => [ROW.title, ROW.subtitle, ROW.space("title")],
  fill: (ctx) => {
    const n = ctx.bids.length;
    const first = ctx.months[0]?.month ?? "";
    const last = ctx.months[ctx.months.length - 1]?.month ?? "";
    const money = ctx.currency ? `Money in ${ctx.currency}.` : "Money in each bid's own currency.";
    return {
      cells: [
        [text("Pilot replay: your history priced under each bid", "title")],
        [
          text(
            `Built by the AIPRICE add-in on ${ctx.date} from ${n} bid${n === 1 ? "" : "s"} and ${ctx.totals.conversations.toLocaleString("en-US")} conversations over ${ctx.months.length} month${ctx.months.length === 1 ? "" : "s"} (${first} to ${last}, UTC). Each bill is the pricing engine's figure for the month, as the vendor would invoice it; totals, rates and costs are formulas over them. ${money}`,
            "subtitle",
          ),
        ],
        [],
      ],
    };
  },
};

export const inputsBlock: SheetBlock<ReplayContext> = {
  id: "inputs",
  rows: () => [ROW.inputsHead, ...INPUTS.map(ROW.input), ROW.space("inputs")],
  fill: (ctx, at) => {
    const formats = ctx.formats;
    const r = ctx.report.rows;
    const conversations = at.range(ROW.history("conversations"), FIRST_MONTH_COL, ROW.history("conversations"), allCol(ctx) - 1);
    const note = (s: string): PlanCell => text(s, "note");
    const humanCost = ctx.options.humanCost;
    const q = ctx.options.qualifyingShare ?? 1;
    const lines: (PlanCell | null)[][] = [
      [text("The history and your definition of a resolution", "section")],
      [text("History file"), text(ctx.file)],
      [text("Rows read"), num(r.read, formats.count), note("conversations replayed")],
      [text("Rows that could not be read"), num(r.skipped, formats.count), note(r.skipped ? "counted by reason and listed at the bottom of the sheet" : "every row was read")],
      [text("Months (UTC calendar months of started_at)"), formula(`COUNT(${conversations})`, formats.count)],
      [text("Reopen window D (days)"), num(ctx.report.history.windowDays, formats.count), note("a resolution reopened within D days is not one by your definition")],
      [text("CSAT threshold T"), num(ctx.report.history.csatThreshold, formats.plain), note("a rated conversation counts only with CSAT at or above T (unrated ones are not held against the vendor)")],
      [
        text("Human cost per conversation"),
        humanCost === undefined ? text("not given", "note") : num(humanCost, ctx.bids[0]?.formats.price ?? formats.plain),
        note("prices revenue-share bids only (their fee is a share of the savings against a human); nothing else on this sheet counts humans"),
      ],
      [text("Qualifying share"), num(q, formats.rate), note("of the vendor's resolutions, the share an outcome-based bid bills as outcomes")],
      [],
    ];
    return { cells: lines };
  },
};

/** Which of the file's columns each column of the replay was read from (the file's headers, as text). */
export const columnsBlock: SheetBlock<ReplayContext> = {
  id: "columns",
  rows: () => [ROW.columnsHead, ROW.space("columns-head"), ...COLUMNS.map((c) => ROW.column(c.name)), ROW.space("columns")],
  fill: (ctx) => ({
    cells: [
      [text("The columns read from the file", "section")],
      [text("Column", "header"), text("read from the file's column", "header")],
      ...COLUMNS.map((c): (PlanCell | null)[] => {
        const header = ctx.columns[c.name];
        return [text(c.name), header === null ? text("not in the file", "note") : text(header), header === null && c.whenMissing ? text(`so ${c.whenMissing}`, "note") : null];
      }),
      [],
    ],
  }),
};
