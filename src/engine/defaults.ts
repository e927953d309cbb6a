/** Defaults shared by the engine, the sheet, the pane and the command line, each defined once. */

/** q: every AI resolution qualifies unless the analyst says otherwise (the conservative assumption). */
export const DEFAULT_QUALIFYING_SHARE = 1;
