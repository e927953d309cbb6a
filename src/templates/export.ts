/**
 * Writing bids back to template files that colleagues import: one bid as an "aiprice-bid" file,
 * several as an "aiprice-bids" file. What is written reads back equal (`readTemplateFile`), because
 * every template is checked with the same validation before it is written.
 */
import type { BidTemplate } from "./template";
import { COLLECTION_FORMAT, COLLECTION_VERSION, TemplateProblem, validateTemplate } from "./validate";

/** Thrown when a bid cannot be written: the file would not import. */
export class ExportProblem extends Error {
  constructor(readonly problems: TemplateProblem[]) {
    super(`cannot export: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    this.name = "ExportProblem";
  }
}

/** The templates checked and copied as plain data; throws ExportProblem listing every problem by bid. */
function checked(templates: readonly BidTemplate[]): BidTemplate[] {
  if (templates.length === 0) throw new ExportProblem([{ path: "(top level)", message: "there is no bid to export" }]);
  const problems: TemplateProblem[] = [];
  const out: BidTemplate[] = [];
  const ids = new Map<string, number>();
  templates.forEach((t, i) => {
    const prefix = templates.length === 1 ? "" : `bids[${i}].`;
    const result = validateTemplate(t);
    if (!result.ok) {
      problems.push(...result.problems.map((p) => ({ path: `${prefix}${p.path}`, message: p.message })));
      return;
    }
    const first = ids.get(result.template.id);
    if (first !== undefined) {
      problems.push({ path: `${prefix}id`, message: `is the same as the id of bids[${first}] ("${result.template.id}"): each bid in a file needs its own id` });
    } else ids.set(result.template.id, i);
    out.push(result.template);
  });
  if (problems.length) throw new ExportProblem(problems);
  return out;
}

/**
 * The text of a template file holding the bids: pretty JSON (2 spaces, a final newline).
 * One bid: an "aiprice-bid" file; several: `{ "format": "aiprice-bids", "version": 1, "bids": [...] }`.
 * Throws ExportProblem when a bid breaks the format (nothing is written then).
 */
export function exportTemplates(templates: readonly BidTemplate[]): string {
  const bids = checked(templates);
  const data = bids.length === 1 ? bids[0] : { format: COLLECTION_FORMAT, version: COLLECTION_VERSION, bids };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** A file name for the export: the bid's id for one bid, else "aiprice-bids" with the count. */
export function exportFileName(templates: readonly BidTemplate[]): string {
  if (templates.length === 1)
    return `${
      String(templates[0].id)
        .replace(/[^a-z0-9-]+/gi, "-")
        .toLowerCase() || "aiprice-bid"
    }.json`;
  return `aiprice-bids-${templates.length}.json`;
}
