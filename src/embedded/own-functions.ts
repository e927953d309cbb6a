/**
 * What the embedded engine's stand-ins for HyperFormula's own functions share (IF and IFERROR, ISNUMBER,
 * AND and OR, INDEX, PERCENTILE.INC): HyperFormula's own methods kept on a stand-in, to answer the calls
 * it hands back to them, their metadata looked up under HyperFormula's names (a test registers a
 * stand-in under other names, beside HyperFormula's own); and the registration in place of HyperFormula's
 * functions, once (engines built afterwards use it).
 *
 * Used by the embedded workbook only (the workbench and the tests).
 */
import { FunctionPlugin, FunctionPluginDefinition, HyperFormula } from "hyperformula";

/* eslint-disable @typescript-eslint/no-explicit-any -- HyperFormula's plugin internals are untyped */

/**
 * Keeps HyperFormula's own `methods` (from `own`, its plugin's prototype) on `plugin`; `names` maps each of
 * HyperFormula's function names to the name `plugin` implements it under.
 */
export function keepOwnMethods(plugin: FunctionPluginDefinition, own: Record<string, unknown>, methods: readonly string[], names: Readonly<Record<string, string>>): void {
  const proto = plugin.prototype as any;
  for (const m of methods) proto[m] = own[m];
  proto.metadata = function (name: string) {
    const mine = names[name];
    if (mine !== undefined) return (plugin as any).implementedFunctions[mine];
    return (FunctionPlugin.prototype as any).metadata.call(this, name);
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The stand-in registered for each group of functions, by the group's first function. */
const registered = new Map<string, FunctionPluginDefinition>();

/**
 * Registers the stand-in `make` gives in place of HyperFormula's `functions` (once: again only after
 * something else was registered for them, as a test does to compare).
 */
export function registerInPlaceOfOwn(functions: readonly string[], make: () => FunctionPluginDefinition): void {
  const first = functions[0];
  const plugin = registered.get(first);
  if (plugin && HyperFormula.getFunctionPlugin(first) === plugin) return;
  const made = plugin ?? make();
  registered.set(first, made);
  const names = Object.fromEntries(functions.map((f) => [f, f]));
  for (const f of functions) HyperFormula.registerFunction(f, made, { enGB: names, enUS: names });
}
