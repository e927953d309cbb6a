/**
 * Messages in the pane: plain words, a title and an optional list, read out by screen readers; and the
 * words of an error as the analyst should read them.
 */
import type { TemplateProblem } from "../templates/validate";
import { h } from "./dom";

export type Tone = "info" | "success" | "error" | "warning";

export interface MessageArea {
  element: HTMLElement;
  show(tone: Tone, title: string, items?: (string | Node)[]): void;
  clear(): void;
}

export function messageArea(label: string): MessageArea {
  const element = h("div", { class: "ap-message", role: "status", "aria-live": "polite", "aria-label": label });
  return {
    element,
    show(tone, title, items = []) {
      element.className = `ap-message ap-message-${tone}`;
      element.setAttribute("role", tone === "error" ? "alert" : "status");
      element.replaceChildren(h("p", { class: "ap-message-title" }, title));
      if (items.length) element.append(h("ul", { class: "ap-problems" }, ...items.map((i) => h("li", {}, i))));
    },
    clear() {
      element.className = "ap-message";
      element.replaceChildren();
    },
  };
}

export function problemItem(p: TemplateProblem): HTMLElement {
  return h("span", {}, h("span", { class: "ap-path" }, p.path), " ", p.message);
}

export function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An error's words: its list of problems when it has one, else its message. */
export function errorWords(e: unknown): { title: string; items: string[] } {
  const problems = (e as { problems?: unknown }).problems;
  if (Array.isArray(problems) && problems.length > 0) {
    const words = problems.map((p) => (typeof p === "string" ? p : `${(p as TemplateProblem).path}: ${(p as TemplateProblem).message}`));
    return words.length === 1 ? { title: capital(words[0]), items: [] } : { title: "", items: words.map(capital) };
  }
  return { title: e instanceof Error ? e.message : String(e), items: [] };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
