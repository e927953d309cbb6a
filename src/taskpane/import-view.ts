/**
 * Importing the analyst's own bid files: each file is checked first, problems are listed by field, and
 * a file with problems adds nothing.
 */
import type { BidTemplate } from "../templates/template";
import type { TemplateProblem } from "../templates/validate";
import { h, newId } from "./dom";
import { messageArea, plural, problemItem } from "./messages";

export interface ImportView {
  element: HTMLElement;
}

export function createImportView(onImported: (accepted: { template: BidTemplate; fileName: string }[]) => void): ImportView {
  const fileId = newId("import");
  const fileInput = h("input", { type: "file", id: fileId, class: "ap-file", accept: ".json,application/json", multiple: true, "aria-describedby": `${fileId}-hint` });
  const status = messageArea("Import result");
  fileInput.addEventListener("change", () => void importFiles());

  async function importFiles(): Promise<void> {
    const files = Array.from(fileInput.files ?? []);
    if (files.length === 0) return;
    // The validator (the schema's compiled checks) is loaded when the first file is chosen.
    const { readTemplateFile } = await import(/* webpackChunkName: "taskpane-validate" */ "../templates/validate");
    const accepted: { template: BidTemplate; fileName: string }[] = [];
    const rejected: { fileName: string; problems: TemplateProblem[] }[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = await file.text();
      } catch {
        rejected.push({ fileName: file.name, problems: [{ path: "(file)", message: "could not be read" }] });
        continue;
      }
      const result = readTemplateFile(text, file.name);
      if (result.ok) for (const template of result.templates) accepted.push({ template, fileName: file.name });
      else rejected.push({ fileName: file.name, problems: result.problems });
    }
    fileInput.value = "";
    if (accepted.length) onImported(accepted);
    if (rejected.length === 0) {
      status.show("success", `Imported ${plural(accepted.length, "bid")} from ${files.length === 1 ? files[0].name : `${files.length} files`}; ${accepted.length === 1 ? "it is" : "they are"} chosen in the list above.`);
      return;
    }
    const items: Node[] = rejected.map((r) => h("span", {}, h("strong", {}, r.fileName), `: ${plural(r.problems.length, "problem")}`, h("ul", { class: "ap-problems" }, ...r.problems.map((p) => h("li", {}, problemItem(p))))));
    const title =
      rejected.length === files.length
        ? `Not imported: ${rejected.length === 1 ? "the file does" : "the files do"} not match the bid template format. Nothing was added and the workbook is unchanged.`
        : `Imported ${plural(accepted.length, "bid")}; ${rejected.length} file${rejected.length === 1 ? " was" : "s were"} not imported (nothing from ${rejected.length === 1 ? "it" : "them"} was added):`;
    status.show("error", title, items);
  }

  const element = h(
    "div",
    { class: "ap-field ap-import" },
    h("label", { for: fileId, class: "ap-label" }, "Import bid files (.json)"),
    h("div", { class: "ap-hint", id: `${fileId}-hint` }, "Your own quotes in the bid template format. Files are checked first; a file with problems adds nothing."),
    fileInput,
    status.element,
  );
  return { element };
}
