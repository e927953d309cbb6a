/**
 * The add-in's task pane page. In Excel: the task pane on the Office.js workbook port, once this Excel
 * is known to have the Excel JavaScript API level the pane uses (./requirements); on an older Excel, a
 * plain note of the version needed, and nothing that could fail part-way through a build. Opened in a
 * plain browser: a short note that the page runs inside Excel, and where the workbench is.
 */
import { mountTaskPane } from "./app";
import { h } from "./dom";
import { officePortOnDemand } from "./office-port";
import { excelApiSupported, olderExcelMessage } from "./requirements";

function outsideExcel(root: HTMLElement): void {
  root.replaceChildren(
    h(
      "div",
      { class: "ap-outside" },
      h("h1", {}, "AI bid comparison"),
      h("p", {}, "This page is the add-in's task pane: it runs inside Excel (desktop or on the web), beside your workbook."),
      h("p", {}, "Without Excel, open the workbench instead: the same task pane beside a working spreadsheet."),
      h("p", {}, h("a", { class: "ap-link", href: new URL("workbench.html", location.href).href }, "Open the workbench")),
    ),
  );
}

function olderExcel(root: HTMLElement): void {
  const { title, detail } = olderExcelMessage();
  root.replaceChildren(h("div", { class: "ap-outside ap-older-excel", role: "alert" }, h("h1", {}, title), h("p", {}, detail)));
}

Office.onReady((info) => {
  const root = document.getElementById("app");
  if (!root) return;
  if (info.host !== Office.HostType.Excel) {
    outsideExcel(root);
  } else if (!excelApiSupported(Office.context.requirements)) {
    olderExcel(root);
  } else {
    mountTaskPane(root, officePortOnDemand());
  }
});
