/**
 * The trials travel, from the pane (docs/spec.md#decide-and-negotiate): the risk view's drawn scenarios for
 * the scenario and the chosen bids downloaded as CSV, one row per trial (every drawn input and every
 * priced bid's resolution rate and monthly total), with the bids' resolution rates correlated as the
 * analyst sets in the scenario's risk settings, the same value Build and Update put on the sheet (1: a
 * hard month is hard for every vendor alike; 0: each vendor's month is its own).
 * The engine part loads when first used. UI only: plain DOM, text as text.
 */
import type { Scenario } from "../engine/bid";
import type { BidTemplate } from "../templates/template";
import { h } from "./dom";
import { errorWords, messageArea, plural } from "./messages";

export interface TrialsViewOptions {
  /** The scenario, the chosen bids (as of the comparison date) and the risk view's settings; the problems otherwise. */
  readRequest(): { ok: true; request: { scenario: Scenario; templates: BidTemplate[]; risk?: { draws?: number; seed?: number; rateCorrelation?: number } } } | { ok: false; problems: string[] };
  download(fileName: string, text: string): void;
}

/** The engine's trials, in the builder's chunk (loaded on demand). */
const engine = () => import(/* webpackChunkName: "taskpane-builder" */ "../engine/trials");

/** Labels as the command line gives them: the template id, numbered when two bids share one. */
function labels(templates: readonly BidTemplate[]): string[] {
  const seen = new Map<string, number>();
  return templates.map((t) => {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    return n === 1 ? t.id : `${t.id}#${n}`;
  });
}

export function createTrialsView(options: TrialsViewOptions): { element: HTMLElement } {
  const button = h("button", { type: "button", class: "ap-button", "data-action": "trials-csv" }, "Download drawn scenarios (.csv)");
  const status = messageArea("Drawn scenarios result");

  async function run(): Promise<void> {
    status.clear();
    const r = options.readRequest();
    if (!r.ok) {
      status.show("error", "Please fix this first; nothing was made:", r.problems);
      return;
    }
    button.disabled = true;
    try {
      const { drawnScenariosCsv } = await engine();
      const { scenario, templates, risk } = r.request;
      const rho = risk?.rateCorrelation ?? 1;
      const csv = drawnScenariosCsv(
        templates.map((t) => t.bid),
        labels(templates),
        scenario,
        { draws: risk?.draws, seed: risk?.seed, rateCorrelation: rho },
      );
      const fileName = `aiprice-drawn-scenarios-${csv.trials}.csv`;
      options.download(fileName, csv.text);
      status.show("success", `Saved ${fileName}: ${plural(csv.trials, "drawn scenario")}, ${plural(csv.priced, "priced bid")}, rates correlated ${rho}.`);
    } catch (e) {
      const { title, items } = errorWords(e);
      status.show("error", items.length ? "Nothing was made:" : `${title.replace(/\.$/, "")}. Nothing was made.`, items);
    } finally {
      button.disabled = false;
    }
  }
  button.addEventListener("click", () => void run());

  return {
    element: h(
      "div",
      { "data-role": "trials" },
      h(
        "p",
        { class: "ap-hint" },
        "The risk view's drawn scenarios as CSV, one row per trial (every drawn input and each bid's resolution rate and monthly total), for @RISK, Crystal Ball or Python. The vendors' resolution rates move together as the rate correlation in step 1 (Scenario, ranges for the risk view) says.",
      ),
      h("div", { class: "ap-row" }, button),
      status.element,
    ),
  };
}
