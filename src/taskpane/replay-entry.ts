/**
 * The pane's "Pilot replay" step as the pane's first bundle carries it: what it is for, and a file
 * picker. The views, the planner and the worker load once a file is picked, as a bundle of their own
 * (why not a webpack chunk: docs/modules.md#the-replay-views-own-bundle).
 */
import type { BidTemplate } from "../templates/template";
import type { WorkbookPort } from "../workbook/port";
import { h, newId } from "./dom";
import type { ScenarioView } from "./scenario-view";

/** What the replay needs of the pane. */
export interface ReplayHost {
  port: WorkbookPort;
  scenario: ScenarioView;
  /** The bids chosen in step 2. */
  chosen(): BidTemplate[];
  /** After the sheet was built (the workbench shows it). */
  onBuilt?(sheetName: string): void | Promise<void>;
}

/** What dist/replay-view.js puts on the page's window when it has loaded. */
export interface ReplayViewBundle {
  createReplayView(root: HTMLElement, host: ReplayHost): { open(file: File): void };
}

declare global {
  interface Window {
    aipriceReplayView?: ReplayViewBundle;
  }
}

let loading: Promise<ReplayViewBundle> | null = null;

/** Adds dist/replay-view.js to the page once (beside the page's own bundle). */
export function loadReplayView(): Promise<ReplayViewBundle> {
  if (window.aipriceReplayView) return Promise.resolve(window.aipriceReplayView);
  loading ??= new Promise<ReplayViewBundle>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL("replay-view.js", document.baseURI).href;
    script.onload = () => (window.aipriceReplayView ? resolve(window.aipriceReplayView) : reject(new Error("replay-view.js did not start")));
    script.onerror = () => reject(new Error("replay-view.js could not be loaded"));
    document.head.append(script);
  }).catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

export function createReplaySection(host: ReplayHost): HTMLElement {
  const id = newId("history");
  const input = h("input", {
    type: "file",
    id,
    class: "ap-file",
    accept: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "aria-describedby": `${id}-hint`,
    "data-role": "history-file",
  });
  const body = h("div", { class: "ap-replay-body", "aria-live": "polite" });
  let view: Promise<{ open(file: File): void }> | null = null;
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (!file) return;
    view ??= loadReplayView().then((m) => m.createReplayView(body, host));
    view.then(
      (v) => v.open(file),
      () => {
        view = null;
        body.replaceChildren(h("p", { class: "ap-message ap-message-error", role: "alert" }, "The pilot replay could not be loaded. Check the connection and pick the file again."));
      },
    );
  });
  return h(
    "div",
    { class: "ap-field ap-replay" },
    h("label", { for: id, class: "ap-label" }, "History file (CSV or XLSX)"),
    h(
      "div",
      { class: "ap-hint", id: `${id}-hint` },
      "Your own conversations (a pilot, last year's tickets), one row per conversation. They are priced under the bids chosen in step 2, month by month as each vendor would invoice them, with resolutions counted by the vendor's definition and by yours. The file is read here, in this pane, and never sent anywhere.",
    ),
    input,
    body,
  );
}
