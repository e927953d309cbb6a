/**
 * Gives the pane the CustomFunctions global the AIPRICE functions use for Excel's errors (the pane does
 * not run in the custom functions runtime; the workbench has one already). Imported before
 * src/functions/functions.ts (ES modules run in import order).
 */
import { installCustomFunctionsShim } from "../../embedded/custom-functions-shim";

installCustomFunctionsShim();
