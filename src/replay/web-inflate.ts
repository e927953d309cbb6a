/**
 * Raw deflate for ./xlsx-guard.ts by the platform's DecompressionStream: what the pane's Web Worker
 * inflates with (Node has it too). Kept apart from xlsx-guard.ts so that the command line, built
 * without the DOM's types, never sees it.
 */
import type { RawInflater } from "./xlsx-guard";

/** Compressed bytes written at a time: one piece may inflate to a thousand times its size at once. */
const PIECE = 16 * 1024;

/**
 * Raw inflation by the platform's DecompressionStream (a browser's Web Worker; Node has it too), a
 * piece at a time: the next compressed piece is written only when the inflated bytes have been read.
 */
export const webInflater: RawInflater = (compressed) =>
  (async function* () {
    const ds = new DecompressionStream("deflate-raw");
    const writer = ds.writable.getWriter();
    const reader = ds.readable.getReader();
    let failed: unknown = null;
    const pump = (async () => {
      try {
        for await (const piece of compressed) {
          for (let at = 0; at < piece.length; at += PIECE) await writer.write(piece.slice(at, at + PIECE));
        }
        await writer.close();
      } catch (e) {
        failed ??= e;
        await reader.cancel(e).catch(() => {});
      }
    })();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield value;
      }
      await pump;
      if (failed) throw failed;
    } finally {
      await reader.cancel().catch(() => {});
      await writer.abort().catch(() => {});
    }
  })();
