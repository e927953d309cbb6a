/**
 * dist/replay-view.js: the pilot replay's views, sheet planner and engine, loaded by the pane when the
 * analyst picks a history file (./replay-entry.ts adds it to the page). It puts its one function on
 * the page's window for the pane to call.
 */
import { createReplayView } from "./replay-view";

window.aipriceReplayView = { createReplayView };
