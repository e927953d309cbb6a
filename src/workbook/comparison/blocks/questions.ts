/**
 * Questions to settle before signing: the ones every bid raises, then each chosen pricing model's,
 * then each bid's own.
 */
import { PRICING_MODEL_NAMES } from "../../../engine/bid";
import { contractQuestions, GENERAL_QUESTIONS, STANDARD_QUESTIONS, standardQuestions } from "../../../templates/questions";
import type { SheetBlock } from "../../layout";
import { text } from "../cells";
import type { ComparisonContext } from "../context";
import { ROW } from "../keys";

export interface QuestionGroup {
  /** Stable id of the group, part of its rows' keys. */
  id: string;
  heading: string;
  /** Indexes of the bids it concerns. */
  bids: number[];
  questions: readonly string[];
}

export function questionGroups(ctx: ComparisonContext): QuestionGroup[] {
  const groups: QuestionGroup[] = [{ id: "every", heading: "Every bid", bids: ctx.bids.map((_, i) => i), questions: GENERAL_QUESTIONS }];
  const models = [...new Set(ctx.bids.map((bid) => bid.pricing.model))];
  for (const model of models) {
    const which = ctx.bids.map((bid, i) => (bid.pricing.model === model ? i : -1)).filter((i) => i >= 0);
    groups.push({ id: `model:${model}`, heading: `Priced ${PRICING_MODEL_NAMES[model]}: ${which.map((i) => ctx.bids[i].name).join("; ")}`, bids: which, questions: STANDARD_QUESTIONS[model] ?? [] });
  }
  ctx.templates.forEach((t, i) => {
    const standard = new Set(standardQuestions(t.bid.pricing.model));
    const own = contractQuestions(t).filter((q) => !standard.has(q));
    if (own.length > 0) groups.push({ id: `own:${ctx.keys[i]}`, heading: `${t.bid.name} - ${t.bid.vendor}: its own questions`, bids: [i], questions: own });
  });
  return groups;
}

export const questionsBlock: SheetBlock<ComparisonContext> = {
  id: "questions",
  rows: (ctx) => [ROW.questionsHead, ...questionGroups(ctx).flatMap((g) => [ROW.questionsGroup(g.id), ...g.questions.map((_, k) => ROW.question(g.id, k))]), ROW.space("questions")],
  fill: (ctx) => ({
    cells: [[text("Questions to settle before signing", "section")], ...questionGroups(ctx).flatMap((g) => [[text(g.heading, "header")], ...g.questions.map((q) => [text(q)])]), []],
  }),
};
