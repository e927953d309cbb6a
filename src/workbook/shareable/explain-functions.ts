/**
 * The AIPRICE functions themselves (the shared layer over the engine: the very code Excel runs), for
 * "Explain this cell" in the pane. Loaded on demand with the explainer.
 */
import "./functions-global";
import * as AIPRICE from "../../functions/functions";
import type { ExplainFunctions } from "./explain";

export const addinFunctions: ExplainFunctions = {
  functions: AIPRICE as unknown as Record<string, unknown>,
  makeError: (code, message) => new CustomFunctions.Error(code as CustomFunctions.ErrorCode, message) as unknown as { code: string; message?: string },
};
