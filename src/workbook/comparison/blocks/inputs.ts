/**
 * Prices and inputs by bid: each bid's prices as quoted, its charge shapes, its term and what the buyer
 * supplies, each an editable cell (the table's formulas refer to them), with the source and the date
 * each public price was read.
 */
import { PRICING_MODEL_NAMES } from "../../../engine/bid";
import type { SheetBlock } from "../../layout";
import type { PlanCell, PlannedInput } from "../../sheet-plan";
import { freshnessWords } from "../../../templates/versions";
import { flag, formula, num, text } from "../cells";
import { ComparisonContext, inputCell } from "../context";
import { INPUT_COL, ROW } from "../keys";

/** A source as one line of text: title, address when given, and the date it was read. */
export function sourceLine(s: { title?: unknown; url?: unknown; asOf?: unknown }): string {
  const title = typeof s.title === "string" ? s.title : "";
  const url = typeof s.url === "string" && s.url !== "" ? ` - ${s.url}` : "";
  const asOf = typeof s.asOf === "string" ? ` (read ${s.asOf})` : "";
  return `${title}${url}${asOf}`;
}

/** Which of a bid's sources back each input row (the rest are listed after its inputs). */
function sourcesOf(ctx: ComparisonContext, i: number): { byRow: Map<string, number>; rest: number[] } {
  const sources = Array.isArray(ctx.templates[i].sources) ? ctx.templates[i].sources : [];
  const used = new Set<number>();
  const byRow = new Map<string, number>();
  for (const row of ctx.inputs[i]) {
    const pathKey = row.path.replace(/\.(\d+)\./g, "[$1].");
    const k = sources.findIndex((s, j) => !used.has(j) && s && (s.field === row.path || s.field === pathKey || (row.second && s.field === row.second.path)));
    if (k >= 0) {
      used.add(k);
      byRow.set(row.path, k);
    }
  }
  return { byRow, rest: sources.map((_, j) => j).filter((j) => !used.has(j)) };
}

function bidRows(ctx: ComparisonContext, i: number): string[] {
  const key = ctx.keys[i];
  const t = ctx.templates[i];
  const { rest } = sourcesOf(ctx, i);
  const sources = Array.isArray(t.sources) ? t.sources : [];
  return [
    ROW.inputsTitle(key),
    ROW.inputsPrices(key),
    ROW.inputsColumns(key),
    ...ctx.inputs[i].map((r) => ROW.input(key, r.path)),
    ...rest.map((k) => ROW.inputsSource(key, k)),
    ...(sources.length === 0 ? [ROW.inputsNoSources(key)] : []),
    ...(typeof t.notes === "string" && t.notes.trim() !== "" ? [ROW.inputsNotes(key)] : []),
    ROW.inputsSpace(key),
  ];
}

export const inputsBlock: SheetBlock<ComparisonContext> = {
  id: "inputs",
  rows: (ctx) => [ROW.inputsHead, ...ctx.keys.flatMap((_, i) => bidRows(ctx, i))],
  fill: (ctx, at) => {
    const inputs: PlannedInput[] = [];
    const cells: (PlanCell | null)[][] = [[text("Prices and inputs by bid", "section"), null, null, text("orange cells are the bids' prices as quoted: edit them to test a counter-offer", "note")]];
    ctx.templates.forEach((t, i) => {
      const key = ctx.keys[i];
      const bid = t.bid;
      const sources = Array.isArray(t.sources) ? t.sources : [];
      const { byRow, rest } = sourcesOf(ctx, i);
      cells.push([text(`${bid.name} - ${bid.vendor} (${PRICING_MODEL_NAMES[bid.pricing.model]})`, "section")]);
      // Which version of its prices, and how fresh they are (stale: read more than 90 days before the comparison date).
      const prices = ctx.prices[i];
      cells.push([text("Prices used"), text(prices.words), null, null, text(freshnessWords(prices, ctx.asOf), prices.stale ? "warning" : "note")]);
      cells.push([text("Input", "header"), text("Value", "header"), text("Tier price", "header"), text("What it is", "header"), text("Source (date read)", "header")]);
      for (const row of ctx.inputs[i]) {
        const rowKey = ROW.input(key, row.path);
        const follow = row.follows !== undefined ? `=${inputCell(ctx, at, i, row.follows)}` : null;
        const valueCell: PlanCell = row.fixed
          ? num(row.value as number, row.format, "figure")
          : follow !== null
            ? formula(follow, row.format, "input")
            : row.value === null
              ? text("", "input")
              : typeof row.value === "boolean"
                ? flag(row.value, "input")
                : typeof row.value === "string"
                  ? text(row.value, "input")
                  : num(row.value, row.format, "input");
        const line: (PlanCell | null)[] = [text(row.label), valueCell, null, text(row.help, "note")];
        if (!row.fixed) inputs.push({ path: row.path, bid: key, row: rowKey, col: INPUT_COL.value, kind: row.kind, written: follow ?? row.value });
        if (row.second) {
          line[INPUT_COL.second] = num(row.second.value, row.second.format, "input");
          inputs.push({ path: row.second.path, bid: key, row: rowKey, col: INPUT_COL.second, kind: row.second.kind, written: row.second.value });
        }
        const k = byRow.get(row.path);
        if (k !== undefined) line[INPUT_COL.source] = text(sourceLine(sources[k]));
        cells.push(line);
      }
      for (const k of rest) cells.push([text(`Source for ${String(sources[k]?.field)}`), null, null, null, text(sourceLine(sources[k] ?? {}))]);
      if (sources.length === 0) cells.push([text("Sources"), null, null, null, text("none listed: a private quote", "note")]);
      if (typeof t.notes === "string" && t.notes.trim() !== "") cells.push([text("Notes"), text(t.notes, "note")]);
      cells.push([]);
    });
    return { cells, inputs };
  },
};
