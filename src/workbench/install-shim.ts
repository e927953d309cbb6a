/**
 * Installs the CustomFunctions stand-in as a global. Imported first by the workbench, before
 * src/functions/functions.ts runs its CustomFunctions.associate calls (ES modules run in import order).
 */
import { installCustomFunctionsShim } from "../embedded/custom-functions-shim";

export const shim = installCustomFunctionsShim();
