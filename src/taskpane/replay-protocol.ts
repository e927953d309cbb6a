/**
 * The messages between the task pane and its history-reading Web Worker (./replay-worker.ts). Types
 * only: the pane's first bundle carries none of this.
 */
import type { BuyerDefinition, HistoryAggregate } from "../replay/monthly-aggregation";
import type { ColumnMapping } from "../replay/columns";
import type { RowsSummary } from "../replay/replay";
import type { HeaderRead, Progress } from "./replay-reading";

/** The pane asks: read the header of this file (kept by the worker), then its rows with a mapping. */
export type ToWorker = { kind: "open"; file: File } | { kind: "rows"; mapping: ColumnMapping; definition: BuyerDefinition };

/** The worker answers. */
export type FromWorker = ({ kind: "header" } & HeaderRead) | ({ kind: "progress" } & Progress) | { kind: "done"; history: HistoryAggregate; rows: RowsSummary; ms: number } | { kind: "problem"; message: string };
