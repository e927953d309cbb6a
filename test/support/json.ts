/**
 * A JSON document a test builds and then breaks at any depth (`t.bid.pricing.price = -1`,
 * `delete t.bid.vendor`) to see what the checks say: deliberately untyped below the top.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's handle on a document it mutates at any depth
export type Json = Record<string, any>;
