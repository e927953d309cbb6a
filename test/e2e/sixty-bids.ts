/**
 * Sixty bids, the size analysts reach: the gallery's templates repeated with their own ids and names
 * (as test/workbook/fixtures.ts and bench/builder.ts do), as templates and as one "aiprice-bids" file
 * that the task pane imports.
 */
import { gallery } from "../../src/templates/gallery";
import { exportTemplates } from "../../src/templates/export";
import type { BidTemplate } from "../../src/templates/template";

export function manyBids(n: number): BidTemplate[] {
  return Array.from({ length: n }, (_, i) => {
    const t = gallery[i % gallery.length];
    return { ...t, id: `${t.id}-${i + 1}`, bid: { ...t.bid, name: `${t.bid.name} #${i + 1}` } };
  });
}

/** The file to import: { name, mimeType, buffer } as playwright's setInputFiles takes it. */
export function bidsFile(n: number): { name: string; mimeType: string; buffer: Buffer } {
  return { name: `bids-${n}.json`, mimeType: "application/json", buffer: Buffer.from(exportTemplates(manyBids(n))) };
}
