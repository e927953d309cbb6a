/** The pricing engine: plain TypeScript, pure functions and data, no Office and no DOM. */
export * from "./problems";
export * from "./measures";
export * from "./tiers";
export * from "./schedule";
export * from "./bid";
export * from "./rate-card";
export * from "./compare";
export * from "./risk";
export * from "./commitments";
export * from "./bid-risk";
export * from "./defaults";
export * from "./term";
export * from "./copula";
export * from "./bid-prices";
export * from "./decide";
export * from "./price-to-match";
export * from "./trials";
