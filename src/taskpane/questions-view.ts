/**
 * The contract questions for the chosen bids, grouped by pricing model: the model's standard questions
 * (who defines a resolution, who measures it, how disputes are settled ...) and each bid's own.
 */
import { PRICING_MODELS } from "../engine/models";
import { contractQuestions, GENERAL_QUESTIONS } from "../templates/questions";
import type { BidTemplate } from "../templates/template";
import { h } from "./dom";
import { modelLabel } from "./format";

export interface QuestionsView {
  element: HTMLElement;
  show(templates: readonly BidTemplate[]): void;
}

export function createQuestionsView(): QuestionsView {
  const element = h("div", { class: "ap-questions-view", "aria-live": "polite" });

  function show(templates: readonly BidTemplate[]): void {
    if (templates.length === 0) {
      element.replaceChildren(h("p", { class: "ap-hint" }, "Choose bids to see the questions to settle with each vendor before signing."));
      return;
    }
    const key = (q: string) =>
      q
        .trim()
        .replace(/\s+/g, " ")
        .replace(/[?.!\s]+$/, "")
        .toLowerCase();
    const general = new Set(GENERAL_QUESTIONS.map(key));
    const groups: HTMLElement[] = [h("div", { class: "ap-questions-group", "data-model": "all" }, h("h3", {}, "Every bid"), h("ol", { class: "ap-questions" }, ...GENERAL_QUESTIONS.map((q) => h("li", {}, q))))];
    for (const model of PRICING_MODELS) {
      const ofModel = templates.filter((t) => t.bid.pricing.model === model);
      if (ofModel.length === 0) continue;
      const seen = new Set<string>(general);
      const questions: string[] = [];
      for (const t of ofModel) {
        for (const q of contractQuestions(t)) {
          const k = key(q);
          if (!seen.has(k)) {
            seen.add(k);
            questions.push(q);
          }
        }
      }
      groups.push(
        h(
          "div",
          { class: "ap-questions-group", "data-model": model },
          h("h3", {}, modelLabel(model)),
          h("p", { class: "ap-questions-bids" }, `For ${ofModel.map((t) => `${t.bid.vendor} (${t.bid.name})`).join("; ")}`),
          questions.length ? h("ol", { class: "ap-questions" }, ...questions.map((q) => h("li", {}, q))) : h("p", { class: "ap-hint" }, "No questions listed."),
        ),
      );
    }
    element.replaceChildren(...groups);
  }

  return { element, show };
}
