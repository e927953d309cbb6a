/**
 * The AIPRICE function contract of docs/spec.md#functions and #more-functions: names, parameters in order, which are optional.
 * Workbooks depend on it; it may grow but none of this may change. Tests check the built metadata
 * and the help page against it.
 */
export interface ContractFunction {
  name: string;
  parameters: string[];
  /** The optional parameters (docs/spec.md writes them in [brackets]). */
  optional: string[];
}

const f = (name: string, parameters: string[], optional: string[] = []): ContractFunction => ({ name, parameters, optional });

export const CONTRACT: readonly ContractFunction[] = [
  f("TOKEN_COST", ["input_tokens", "output_tokens", "input_price_per_mtok", "output_price_per_mtok", "cached_input_tokens", "cached_input_price_per_mtok", "attempts"], ["cached_input_tokens", "cached_input_price_per_mtok", "attempts"]),
  f("SEAT_COST", ["price_per_seat", "seats", "conversations"]),
  f("RESOLUTION_FEE", ["price_per_resolution", "resolution_rate"]),
  f("OUTCOME_FEE", ["price_per_outcome", "resolution_rate", "qualifying_share"]),
  f("SLA_GATE", ["amount", "measured", "threshold", "higher_is_better", "credit_share"], ["higher_is_better", "credit_share"]),
  f("REVSHARE_FEE", ["baseline_cost", "ai_cost", "resolution_rate", "share"]),
  f("REVSHARE_NET", ["baseline_cost", "ai_cost", "resolution_rate", "share", "buyer_pays_ai_cost"], ["buyer_pays_ai_cost"]),
  f("TCO_PER_CONVERSATION", ["vendor_cost", "supplied_cost", "fixed_monthly_cost", "conversations", "one_time_cost", "term_months"], ["supplied_cost", "fixed_monthly_cost", "conversations", "one_time_cost", "term_months"]),
  f("COST_PER_RESOLUTION", ["cost_per_conversation", "resolution_rate"]),
  f("BLENDED_COST", ["ai_cost_per_conversation", "resolution_rate", "human_cost"]),
  f("BREAKEVEN_RESOLUTION_RATE", ["price_per_conversation", "price_per_resolution"]),
  f("BREAKEVEN_VOLUME", ["fixed_cost", "variable_cost", "alternative_variable_cost"]),
  f("TIERED_COST", ["quantity", "tier_upper_bounds", "tier_prices", "mode"], ["mode"]),
  f("ALLOWANCE_COST", ["quantity", "included", "overage_price", "platform_fee"], ["platform_fee"]),
  f("DISPUTE_EXPOSURE", ["billed_resolutions", "verified_share", "price_per_resolution"]),
  f("EXPENSE_SCHEDULE", ["resolutions_by_month", "price_per_resolution", "expected_reopen_rate", "actual_reopen_rates", "window_days"], ["actual_reopen_rates", "window_days"]),
  // docs/spec.md#more-functions (second edition): fixed once published, like the first table.
  f("PERT_DRAWS", ["low", "likely", "high", "count", "seed"], ["seed"]),
  f("CHANCE_CHEAPEST", ["costs"]),
  f("COMMIT_TRUE_UP", ["spend_by_month", "commitment", "period_months"], ["period_months"]),
  f("CREDIT_BURN", ["credits_used_by_month", "credits_bought_by_month", "expiry_months"], ["expiry_months"]),
  f("ESCALATED_PRICE", ["price", "annual_rate", "month", "every_months"], ["every_months"]),
  f("CONTEXT_TOKEN_COST", ["input_tokens", "output_tokens", "context_thresholds", "input_prices", "output_prices", "cached_input_tokens", "cached_input_prices", "attempts"], ["cached_input_tokens", "cached_input_prices", "attempts"]),
  // docs/spec.md#charge-cost.
  f("CHARGE_COST", ["units", "unit_price", "included_units", "package_size", "minimum_charge"], ["included_units", "package_size", "minimum_charge"]),
];
