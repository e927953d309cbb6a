/**
 * "Explain this cell" names the input out of its domain, whatever cell of a view the analyst asks about
 * (docs/spec.md#one-model-one-answer): a three-point estimate of the scenario typed out of order (low <= likely <= high)
 * turns every drawn figure into an error, so an error cell is explained by that cause first.
 */
import { parseSheetReference } from "../a1";
import { CellInspection, isCellError } from "../port";
import type { ReadValues } from "./explain";

/** The scenario's three-point estimates by their names on the comparison sheet: likely, low, high. */
const TRIPLES: [string, string][] = [
  ["Conversations", "conversations per month"],
  ["ResolutionRate", "the resolution rate"],
  ["HumanCost", "the human cost per conversation"],
];

/** The sentence naming a three-point estimate out of order on the cell's sheet, or null when every one is in order. */
export async function inputOutOfOrder(inspection: CellInspection, read: ReadValues): Promise<string | null> {
  const cellOf = (name: string) => {
    const found = inspection.names.find((n) => n.name.toUpperCase() === name.toUpperCase() && (n.sheet === null || n.sheet === inspection.sheet));
    return found ? parseSheetReference(found.refersTo) : null;
  };
  for (const [name, words] of TRIPLES) {
    const refs = [name, `${name}Low`, `${name}High`].map(cellOf);
    if (refs.some((r) => r === null)) continue;
    const values = await Promise.all(refs.map(async (r) => (await read(r!.sheet, r!.address))[0]?.[0] ?? null));
    const [likely, low, high] = values;
    if (values.some((x) => typeof x !== "number" || isCellError(x))) continue;
    if ((low as number) <= (likely as number) && (likely as number) <= (high as number)) continue;
    const at = (k: number) => refs[k]!.address.replace(/\$/g, "");
    const show = (x: unknown) => (x as number).toLocaleString("en-US", { maximumFractionDigits: 6 });
    return `The three-point estimate of ${words} is out of order: low ${show(low)}, likely ${show(likely)}, high ${show(high)} (${at(1)}, ${at(0)}, ${at(2)}); it must have low <= likely <= high, so every figure drawn from it is an error. Move the low or the high so that the likely value lies between them.`;
  }
  return null;
}
