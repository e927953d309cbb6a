/**
 * DOM helpers for the task pane and the workbench. Text always goes in as text (textContent via
 * `append`), never as HTML: template files and cell values are untrusted.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Attrs {
  [name: string]: string | number | boolean | null | undefined | EventListener;
}

let uid = 0;
/** A unique id for label-for / aria-describedby pairs. */
export function newId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * Makes an element. Attributes: `class`, `for`, aria-*, data-* ... as strings; booleans add or omit
 * the attribute; `on<event>` functions become listeners; `style` is set through the CSSOM. Children: nodes, or text (as text nodes).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "style") {
      // Through the CSSOM, never as a style attribute: the pages' Content-Security-Policy (style-src
      // 'self') refuses style attributes, and allows styles set from script.
      el.style.cssText = String(value);
    } else if (name === "href") {
      const safe = safeHref(String(value));
      if (safe) el.setAttribute("href", safe);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** An https address as it may be linked, or null (javascript:, data:, http: and the like are never linked). */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/**
 * Lists the add-in's comparison sheets in a select (or says there is none yet), keeping `choose`, else
 * the current choice, where it is still listed.
 */
export function listSheets(select: HTMLSelectElement, sheets: readonly string[], choose?: string): void {
  const current = choose ?? select.value;
  select.replaceChildren(...(sheets.length ? sheets.map((s) => h("option", { value: s }, s)) : [h("option", { value: "" }, "No comparison sheet yet")]));
  if (sheets.includes(current)) select.value = current;
}
