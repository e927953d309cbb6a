/**
 * A bid's cost as formula text, step by step as the engine computes it (src/engine/bid.ts), over the
 * cells of its inputs. The scenario's quantities are symbols: the scenario's named cells on the bid's
 * own row, a row of rates in the sensitivity block, or rows of drawn scenarios in the risk view, so
 * that one formula spills over a whole row of rates or draws.
 */
import type { Bid, TokenUsage } from "../../engine/bid";
import { isPlainTokenPricing } from "../../engine/rate-card";
import { chargeFeeFormula, chargeUnitsFormula, type Charge, type ChargeCells } from "../../engine/meters";
import { parseCell, rangeAddress, rangeFrom } from "../a1";

/** What the formulas refer to for the scenario's quantities: cells, names, literals or ranges. */
export interface Symbols {
  /** r: the resolution rate. */
  rate: string;
  /** q: the qualifying share. */
  qualifyingShare: string;
  /** V: conversations per month. */
  conversations: string;
  /** h: the human cost per conversation. */
  humanCost: string;
  /** A factor on tokens per conversation (the risk view's draws); null for none. */
  tokenFactor: string | null;
  /** Is any symbol a range (so MAX, which would collapse it, is written as IF)? */
  arrayed: boolean;
}

/** The scenario's token cells (named), for per-token bids that do not state their own tokens. */
export interface ScenarioTokenCells {
  input: string;
  output: string;
  cachedInput: string;
  attempts: string;
  /** Present when the scenario states reasoning tokens. */
  reasoning?: string;
  /** Present when the scenario states long prompts (cached and output only when it states them). */
  longPrompts?: { share: string; input: string; cachedInput?: string; output?: string };
  /** The scenario's usage as planned (which of its parts it states). */
  usage: TokenUsage;
}

/** Cells of what the buyer supplies, summed on the bid's row. */
export interface SuppliedCells {
  perConversation: string;
  fixedMonthly: string;
  oneTime: string;
}

function hasCharges(bid: Bid): boolean {
  const c = bid.charges;
  if (!c) return false;
  return c.platformFeeMonthly !== undefined || c.allowance !== undefined || c.tiers !== undefined || c.package !== undefined || c.minimumMonthly !== undefined || c.oneTimeFee !== undefined;
}

export class BidFormulas {
  /** The fees of a bid by charges' rows (a range, ./blocks/charges.ts), when the bid's own row reads them; else null. */
  private chargeRowFees: string | null = null;
  /** With them, the test "the outcome shares add up to more than 100%": the fee is then #N/A (not priced), as the engine refuses it. */
  private outcomeSharesOver: string | null = null;

  constructor(
    private readonly bid: Bid,
    /** bid field path -> absolute address of its input cell */
    private readonly ref: (path: string) => string,
    private readonly supplied: SuppliedCells,
    /** The scenario's token cells, or null when the scenario states no tokens. */
    private readonly scenarioTokens: ScenarioTokenCells | null,
  ) {}

  /**
   * The same formulas for the bid's own row, where a bid by charges has a row of formulas per charge:
   * its fee for the month is the SUM of those rows' fees (`fees`, a range), not the charges written inline.
   */
  overChargeRows(fees: string, sharesOver: string | null = null): BidFormulas {
    const fx = new BidFormulas(this.bid, this.ref, this.supplied, this.scenarioTokens);
    fx.chargeRowFees = fees;
    fx.outcomeSharesOver = sharesOver;
    return fx;
  }

  /** f (docs/spec.md#cost-model) before charge shapes: the pricing model's fee per conversation. */
  modelFee(s: Symbols): string {
    const p = this.bid.pricing;
    switch (p.model) {
      case "per-token": {
        const own = p.tokens !== undefined;
        if (!own && !this.scenarioTokens) throw new Error("a per-token bid needs tokens per conversation");
        const t = this.scenarioTokens;
        const scaled = (x: string) => (s.tokenFactor ? `${x}*${s.tokenFactor}` : x);
        const tin = own ? this.ref("pricing.tokens.input") : t!.input;
        const tout = own ? this.ref("pricing.tokens.output") : t!.output;
        const cached = own ? (p.tokens!.cachedInput !== undefined ? this.ref("pricing.tokens.cachedInput") : "0") : t!.cachedInput;
        const attempts = own ? (p.tokens!.attempts !== undefined ? this.ref("pricing.tokens.attempts") : "1") : t!.attempts;
        const inPrice = this.ref("pricing.inputPricePerMTok");
        const cachedPrice = p.cachedInputPricePerMTok !== undefined ? this.ref("pricing.cachedInputPricePerMTok") : inPrice;
        const usage = own ? p.tokens : t!.usage;
        const scaledCached = cached === "0" ? cached : scaled(cached);
        if (isPlainTokenPricing(p, usage)) {
          return `AIPRICE.TOKEN_COST(${scaled(tin)}, ${scaled(tout)}, ${inPrice}, ${this.ref("pricing.outputPricePerMTok")}, ${scaledCached}, ${cachedPrice}, ${attempts})`;
        }
        return this.rateCardFee(s, { tin, tout, cached: scaledCached, attempts, scaled, own, t });
      }
      case "credits": {
        const r = (k: string) => this.ref(`pricing.${k}`);
        return `${r("actionsPerConversation")}*${r("creditsPerAction")}*${r("packPrice")}/${r("creditsPerPack")}`;
      }
      case "per-seat":
        return `AIPRICE.SEAT_COST(${this.ref("pricing.pricePerSeat")}, ${this.ref("pricing.seats")}, ${s.conversations})`;
      case "per-conversation":
        return this.ref("pricing.pricePerConversation");
      case "per-resolution":
        return `AIPRICE.RESOLUTION_FEE(${this.ref("pricing.pricePerResolution")}, ${s.rate})`;
      case "outcome-based": {
        const fee = `AIPRICE.OUTCOME_FEE(${this.ref("pricing.pricePerOutcome")}, ${s.rate}, ${s.qualifyingShare})`;
        if (!p.serviceLevel) return fee;
        const sl = (k: string) => this.ref(`pricing.serviceLevel.${k}`);
        return `AIPRICE.SLA_GATE(${fee}, ${sl("expected")}, ${sl("threshold")}, ${sl("higherIsBetter")}, ${sl("creditShare")})`;
      }
      case "revenue-share":
        return `AIPRICE.REVSHARE_NET(${s.humanCost}, ${this.ref("pricing.aiRunCost")}, ${s.rate}, ${this.ref("pricing.share")}, ${this.ref("pricing.buyerPaysAiCost")})`;
      case "charges":
        if (this.chargeRowFees !== null) {
          const fee = `SUM(${this.chargeRowFees})/${s.conversations}`;
          return this.outcomeSharesOver ? `IF(${this.outcomeSharesOver}, NA(), ${fee})` : fee;
        }
        return `(${p.charges.map((_, i) => this.chargeFee(i, s)).join("+")})/${s.conversations}`;
    }
  }

  /** The cells of the i-th charge of a bid by charges (engine: src/engine/meters). */
  chargeCells(i: number, s: Symbols): ChargeCells {
    const at = (field: string) => `pricing.charges.${i}.${field}`;
    return {
      cell: (field) => this.ref(at(field)),
      column: (field, rows, offset = 0) => {
        const start = parseCell(this.ref(at(field)));
        return rangeAddress(rangeFrom({ row: start.row, col: start.col + offset }, rows, 1), true);
      },
      symbols: s,
    };
  }

  /**
   * The month's fee of the i-th charge of a bid by charges, as formula text (engine: chargeMonthly);
   * `units` the cell of its units of the month when a row holds them.
   */
  chargeFee(i: number, s: Symbols, units?: string): string {
    const p = this.bid.pricing as Extract<Bid["pricing"], { model: "charges" }>;
    const c: Charge = p.charges[i];
    const discount = c.discount !== undefined ? this.ref(`pricing.charges.${i}.discount`) : p.discount !== undefined ? this.ref("pricing.discount") : null;
    return chargeFeeFormula(c, this.chargeCells(i, s), discount, units);
  }

  /** The units of the month of the i-th charge of a bid by charges, as formula text (engine: the meter's units). */
  chargeUnits(i: number, s: Symbols): string {
    const p = this.bid.pricing as Extract<Bid["pricing"], { model: "charges" }>;
    return chargeUnitsFormula(p.charges[i], this.chargeCells(i, s));
  }

  /**
   * A per-token bid with a full rate card (src/engine/rate-card.ts): prompt-size rows priced by
   * CONTEXT_TOKEN_COST, cache writes, long prompts, reasoning tokens, service tiers, a regional uplift
   * and per-call fees, step by step as the engine computes them.
   */
  private rateCardFee(s: Symbols, u: { tin: string; tout: string; cached: string; attempts: string; scaled: (x: string) => string; own: boolean; t: ScenarioTokenCells | null }): string {
    const p = this.bid.pricing as Extract<Bid["pricing"], { model: "per-token" }>;
    const r = (k: string) => this.ref(`pricing.${k}`);
    const rows = p.contextRows ?? [];
    // The cost of a request: CONTEXT_TOKEN_COST over the rate card's ranges, or TOKEN_COST for one row.
    let cost: (input: string, output: string, cached: string) => string;
    if (rows.length === 0) {
      const cachedPrice = p.cachedInputPricePerMTok !== undefined ? r("cachedInputPricePerMTok") : r("inputPricePerMTok");
      cost = (i, o, c) => `AIPRICE.TOKEN_COST(${i}, ${o}, ${r("inputPricePerMTok")}, ${r("outputPricePerMTok")}, ${c}, ${c === "0" ? r("inputPricePerMTok") : cachedPrice}, ${u.attempts})`;
    } else {
      const column = (first: string) => {
        const start = parseCell(this.ref(first));
        return rangeAddress(rangeFrom(start, rows.length + 1, 1), true);
      };
      const thresholds = column("pricing.contextRows.first");
      const inputs = column("pricing.inputPricePerMTok");
      const outputs = column("pricing.outputPricePerMTok");
      const hasCached = p.cachedInputPricePerMTok !== undefined || rows.some((x) => x.cachedInputPricePerMTok !== undefined);
      const cachedPrices = hasCached ? column("pricing.cachedInputPricePerMTok") : inputs;
      cost = (i, o, c) => `AIPRICE.CONTEXT_TOKEN_COST(${i}, ${o}, ${thresholds}, ${inputs}, ${outputs}, ${c}, ${c === "0" ? inputs : cachedPrices}, ${u.attempts})`;
    }
    const reasoning = u.own ? (p.tokens?.reasoning !== undefined ? r("tokens.reasoning") : null) : (u.t?.reasoning ?? null);
    const withReasoning = (out: string) => (reasoning ? `${out}+${u.scaled(reasoning)}` : out);
    const writes = (["fiveMinute", "oneHour"] as const).filter((k) => p.cacheWrites?.[k] !== undefined).map((k) => `${r(`cacheWrites.${k}.share`)}*(${r(`cacheWrites.${k}.multiplier`)}-1)`);
    const group = (input: string, output: string, cached: string) => {
      const base = cost(input, withReasoning(output), cached);
      return writes.length ? `${base}+(${writes.join("+")})*${cost(input, "0", "0")}` : base;
    };
    let tokens = group(u.scaled(u.tin), u.scaled(u.tout), u.cached);
    const long = u.own ? p.tokens?.longPrompts : u.t?.usage.longPrompts;
    if (long) {
      const cells = u.own
        ? {
            share: r("tokens.longPrompts.share"),
            input: r("tokens.longPrompts.input"),
            cachedInput: long.cachedInput !== undefined ? r("tokens.longPrompts.cachedInput") : undefined,
            output: long.output !== undefined ? r("tokens.longPrompts.output") : undefined,
          }
        : (u.t?.longPrompts as NonNullable<ScenarioTokenCells["longPrompts"]>);
      const longTokens = group(u.scaled(cells.input), u.scaled(cells.output ?? u.tout), cells.cachedInput ? u.scaled(cells.cachedInput) : "0");
      tokens = `(1-${cells.share})*(${tokens})+${cells.share}*(${longTokens})`;
    }
    let fee = `(${tokens})`;
    const tier: string[] = [];
    if (p.batch) tier.push(`-${r("batch.share")}*${r("batch.discount")}`);
    if (p.priority) tier.push(`+${r("priority.share")}*(${r("priority.multiplier")}-1)`);
    if (tier.length) fee += `*(1${tier.join("")})`;
    if (p.regional) fee += `*(1+${r("regional.share")}*(${r("regional.multiplier")}-1))`;
    const calls = (p.callFees ?? []).map((_, i) => `${r(`callFees.${i}.callsPerConversation`)}*${r(`callFees.${i}.pricePerCall`)}`);
    return calls.length ? `${fee}+(${calls.join("+")})` : fee;
  }

  /** Billable units of the month for charge shapes (engine: monthlyUnits). */
  private units(s: Symbols): string {
    switch (this.bid.pricing.model) {
      case "per-conversation":
        return s.conversations;
      case "per-resolution":
        return `${s.conversations}*${s.rate}`;
      case "outcome-based":
        return `${s.conversations}*${s.rate}*${s.qualifyingShare}`;
      case "per-seat":
        return this.ref("pricing.seats");
      case "credits":
        // As the engine: V x (actions x credits per action), so that packages round the same count up.
        return `${s.conversations}*(${this.ref("pricing.actionsPerConversation")}*${this.ref("pricing.creditsPerAction")})`;
      default:
        throw new Error(`a ${this.bid.pricing.model} bid cannot take an allowance, tiers or packages`);
    }
  }

  /** f (docs/spec.md#cost-model): everything the vendor bills per conversation (engine: vendorMonthly / V). */
  vendorFee(s: Symbols): string {
    if (!hasCharges(this.bid)) return this.modelFee(s);
    const c = this.bid.charges!;
    const billed = this.billed(s);
    const total = c.oneTimeFee !== undefined ? `${billed}+${this.ref("charges.oneTimeFee")}/${this.ref("termMonths")}` : billed;
    return `(${total})/${s.conversations}`;
  }

  /**
   * What the vendor bills for a month of V conversations, one-time fees left out (engine: vendorMonthly's
   * total less its one-time spread): a month of the contract term, before its escalator.
   */
  monthlyBill(s: Symbols): string {
    if (!hasCharges(this.bid)) return `${this.modelFee(s)}*${s.conversations}`;
    return this.billed(s);
  }

  /** Usage, platform fee and monthly minimum: the month's bill without one-time fees. */
  private billed(s: Symbols): string {
    const c = this.bid.charges!;
    const V = s.conversations;
    const platform = c.platformFeeMonthly !== undefined ? this.ref("charges.platformFeeMonthly") : null;
    let usage: string;
    let platformIn = false;
    if (c.allowance) {
      usage = `AIPRICE.ALLOWANCE_COST(${this.units(s)}, ${this.ref("charges.allowance.included")}, ${this.ref("charges.allowance.overagePrice")}${platform ? `, ${platform}` : ""})`;
      platformIn = platform !== null;
    } else if (c.tiers) {
      const n = c.tiers.tiers.length;
      const first = parseCell(this.ref("charges.tiers.tiers.0.upTo"));
      const bounds = rangeAddress(rangeFrom(first, n, 1), true);
      const prices = rangeAddress(rangeFrom({ row: first.row, col: first.col + 1 }, n, 1), true);
      usage = `AIPRICE.TIERED_COST(${this.units(s)}, ${bounds}, ${prices}, ${this.ref("charges.tiers.mode")})`;
    } else if (c.package) {
      usage = `CEILING(${this.units(s)}/${this.ref("charges.package.size")}, 1)*${this.ref("charges.package.price")}`;
    } else {
      usage = `${this.modelFee(s)}*${V}`;
    }
    let billed = platform && !platformIn ? `${usage}+${platform}` : usage;
    if (c.minimumMonthly !== undefined) {
      const m = this.ref("charges.minimumMonthly");
      billed = s.arrayed ? `IF(${billed}<${m}, ${m}, ${billed})` : `MAX(${m}, ${billed})`;
    }
    return billed;
  }

  /** a (docs/spec.md#cost-model) = f + s + (F + I/M) / V, with f written inline. */
  aiCost(s: Symbols): string {
    return this.tco(this.vendorFee(s), s);
  }

  /** a from a vendor fee expression or cell. */
  tco(vendorFee: string, s: Symbols): string {
    const x = this.supplied;
    return `AIPRICE.TCO_PER_CONVERSATION(${vendorFee}, ${x.perConversation}, ${x.fixedMonthly}, ${s.conversations}, ${x.oneTime}, ${this.ref("termMonths")})`;
  }
}
