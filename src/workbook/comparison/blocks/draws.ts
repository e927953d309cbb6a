/**
 * The risk view's drawn scenarios, one row each, running right from past the key column: the
 * scenario's conversations, human cost and factor on tokens, then per bid its resolution rate, its AI
 * cost per conversation, its monthly total and its cost per resolution in each drawn scenario. Each row
 * is one formula that spills: PERT_DRAWS over the three-point estimates, then the bid's own formulas
 * over the rows of draws.
 */
import { SEED_OFFSETS } from "../../../engine/bid-risk";
import type { Locator, SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import type { Symbols } from "../bid-formulas";
import { bidCell, ComparisonContext, SCENARIO_NAMES } from "../context";
import { BID_COL, DRAWS_COLUMN, RISK_COL, ROW } from "../keys";
import { aiCostFormula, blendedTotalFormula } from "./decide";
import { orderRow } from "./rate-order";
import { drawsRow, NEVER_CHEAPEST } from "./risk";

/** The rows of drawn scenarios a bid's formulas read (its rate, the scenario's draws), as this block writes them. */
export function drawnSymbols(ctx: ComparisonContext, at: Locator, i: number): Symbols {
  const draws = (k: string) => drawsRow(ctx, at, k);
  return {
    rate: draws(ROW.drawsRate(ctx.keys[i])),
    qualifyingShare: bidCell(ctx, at, i, BID_COL.qualifyingShare),
    conversations: draws(ROW.draws("conversations")),
    humanCost: draws(ROW.draws("human-cost")),
    tokenFactor: draws(ROW.draws("tokens")),
    arrayed: true,
  };
}

export const drawsBlock: SheetBlock<ComparisonContext> = {
  id: "draws",
  rows: (ctx) => [
    ROW.drawsHead,
    ROW.drawsNote,
    ROW.draws("conversations"),
    ROW.draws("human-cost"),
    ROW.draws("tokens"),
    ...ctx.keys.map(ROW.drawsRate),
    ...ctx.keys.map(ROW.drawsAiCost),
    ...ctx.keys.map(ROW.drawsTotal),
    ...ctx.keys.map(ROW.drawsPerResolution),
  ],
  fill: (ctx, at) => {
    const formats = ctx.formats;
    const count = ctx.draws;
    const spill = { rows: 1, cols: count };
    const where = `from column ${at.letters(DRAWS_COLUMN, ROW.drawsHead)}`;
    const line = (label: string, f: string, format: string): (PlanCell | null)[] => {
      const row: (PlanCell | null)[] = [text(label)];
      row[DRAWS_COLUMN] = formula(f, format, "figure", spill);
      return row;
    };
    const pert = (low: string, likely: string, high: string, offset: number) => `TRANSPOSE(AIPRICE.PERT_DRAWS(${low}, ${likely}, ${high}, ${count}, ${SCENARIO_NAMES.seed}${offset ? `+${offset}` : ""}))`;
    const rows: (PlanCell | null)[][] = [
      [text("Drawn scenarios of the risk view", "section"), num(NEVER_CHEAPEST, "0E+0", "meta"), text("a total per month above any bid's: a bid not priced takes it in every drawn scenario, so it is never the cheapest", "note")],
      [
        text(
          `Each row runs ${where}, one drawn scenario per column (${count.toLocaleString("en-US")} in all). Every bid's resolution rates are drawn with the same seed; which scenario takes which draw follows the correlation of the bids' rates (the order rows below: at 1, common random numbers, a hard month is hard for every vendor alike).`,
          "note",
        ),
      ],
      line("Conversations per month", pert(SCENARIO_NAMES.conversationsLow, SCENARIO_NAMES.conversations, SCENARIO_NAMES.conversationsHigh, SEED_OFFSETS.conversations), formats.count),
      line("Human cost per conversation", pert(SCENARIO_NAMES.humanCostLow, SCENARIO_NAMES.humanCost, SCENARIO_NAMES.humanCostHigh, SEED_OFFSETS.humanCost), formats.price),
      line("Tokens per conversation, as a share of each bid's", pert(SCENARIO_NAMES.tokensLow, "1", SCENARIO_NAMES.tokensHigh, SEED_OFFSETS.tokens), formats.share),
    ];
    const names = ctx.templates.map((tpl) => tpl.bid.name);
    const rate = (i: number) => drawsRow(ctx, at, ROW.drawsRate(ctx.keys[i]));
    ctx.keys.forEach((key, i) => {
      const risk = (col: number) => at.cell(ROW.risk(key), col, true);
      // The bid's own draws, in the order of the rate correlation (./rate-order: today's order at 1).
      const own = pert(risk(RISK_COL.rateLow), bidCell(ctx, at, i, BID_COL.resolutionRate), risk(RISK_COL.rateHigh), SEED_OFFSETS.resolutionRate);
      // At a correlation of 1 (common random numbers) every scenario takes its own column: the draws as
      // they come, which the shareable copy writes as Excel 2016 and LibreOffice compute them.
      const ordered = ctx.rateCorrelation < 1 ? `INDEX(${own}, 1, ${orderRow(ctx, at, i)})` : own;
      rows.push(line(`Resolution rate: ${names[i]}`, ordered, formats.rate));
    });
    // The AI cost per conversation of each draw, in a row of its own that the total and the cost per
    // resolution both read: computed once per edit, not once for each.
    ctx.keys.forEach((_, i) => rows.push(line(`AI cost per conversation: ${names[i]}`, aiCostFormula(ctx, at, i, drawnSymbols(ctx, at, i)), formats.perUnit)));
    const aiCost = (i: number) => drawsRow(ctx, at, ROW.drawsAiCost(ctx.keys[i]));
    ctx.keys.forEach((_, i) => {
      rows.push(line(`Total per month: ${names[i]}`, blendedTotalFormula(ctx, at, i, aiCost(i), drawnSymbols(ctx, at, i)), formats.monthly));
    });
    ctx.keys.forEach((_, i) => {
      rows.push(line(`Cost per resolution: ${names[i]} (#DIV/0! where it resolves nothing)`, `AIPRICE.COST_PER_RESOLUTION(${aiCost(i)}, ${rate(i)})`, formats.perUnit));
    });
    return { cells: rows };
  },
};
