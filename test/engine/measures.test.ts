/**
 * The arithmetic of the AIPRICE contract (src/engine/measures.ts): the figures of docs/spec.md#functions, to the cent and
 * well beyond (12 decimal places), and the problems each function raises for bad input.
 */
import fc from "fast-check";
import {
  allowanceCost,
  contextRateCard,
  contextRow,
  contextTokenCost,
  priceOnRateCard,
  blendedCost,
  breakevenResolutionRate,
  breakevenVolume,
  costPerResolution,
  disputeExposure,
  outcomeFee,
  resolutionFee,
  revshareFee,
  revshareNet,
  seatCost,
  serviceLevelMet,
  slaGate,
  tcoPerConversation,
  tokenCost,
} from "../../src/engine";
import { problemOf } from "../support/problem-of";

const DIGITS = 12;

describe("the examples of the function contract", () => {
  test.each([
    ["TOKEN_COST(20000, 3000, 3, 15)", () => tokenCost(20000, 3000, 3, 15), 0.105],
    ["SEAT_COST(500, 100, 50000)", () => seatCost(500, 100, 50000), 1],
    ["RESOLUTION_FEE(0.99, 0.9)", () => resolutionFee(0.99, 0.9), 0.891],
    ["OUTCOME_FEE(0.5, 0.9, 0.8)", () => outcomeFee(0.5, 0.9, 0.8), 0.36],
    ["REVSHARE_FEE(3, 0.5, 0.9, 0.15)", () => revshareFee(3, 0.5, 0.9, 0.15), 0.3375],
    ["REVSHARE_NET(3, 0.5, 0.9, 0.15)", () => revshareNet(3, 0.5, 0.9, 0.15), 0.8375],
    ["TCO_PER_CONVERSATION(0.11, 0.35)", () => tcoPerConversation(0.11, 0.35), 0.46],
    ["TCO_PER_CONVERSATION(0.11, 0.35, 2000, 10000, 24000, 12)", () => tcoPerConversation(0.11, 0.35, 2000, 10000, 24000, 12), 0.86],
    ["COST_PER_RESOLUTION(0.46, 0.9)", () => costPerResolution(0.46, 0.9), 0.46 / 0.9],
    ["BLENDED_COST(0.46, 0.9, 3)", () => blendedCost(0.46, 0.9, 3), 0.76],
    ["BREAKEVEN_RESOLUTION_RATE(0.5, 0.99)", () => breakevenResolutionRate(0.5, 0.99), 50 / 99],
    ["BREAKEVEN_VOLUME(50000, 0, 0.5)", () => breakevenVolume(50000, 0, 0.5), 100000],
    ["ALLOWANCE_COST(120, 50, 0.99, 49)", () => allowanceCost(120, 50, 0.99, 49), 118.3],
  ])("%s", (_name, f, expected) => {
    expect(f()).toBeCloseTo(expected, DIGITS);
  });

  test("COST_PER_RESOLUTION(0.46, 0.9) is 0.5111... (a repeating decimal, not 0.51)", () => {
    expect(costPerResolution(0.46, 0.9)).toBeCloseTo(0.511111111111, DIGITS);
  });

  test("BREAKEVEN_RESOLUTION_RATE(0.5, 0.99) is 0.50505...", () => {
    expect(breakevenResolutionRate(0.5, 0.99)).toBeCloseTo(0.505050505051, DIGITS);
  });
});

describe("TOKEN_COST", () => {
  test("cached tokens are part of the input tokens and take the cached price", () => {
    // 20000 input of which 15000 cached at 0.3: (5000 x 3 + 15000 x 0.3 + 3000 x 15) / 1e6
    expect(tokenCost(20000, 3000, 3, 15, 15000, 0.3)).toBeCloseTo(0.0645, DIGITS);
  });
  test("the cached price defaults to the input price: caching alone changes nothing", () => {
    expect(tokenCost(20000, 3000, 3, 15, 15000)).toBeCloseTo(0.105, DIGITS);
  });
  test("attempts multiply the whole conversation", () => {
    expect(tokenCost(20000, 3000, 3, 15, 0, 3, 3)).toBeCloseTo(0.315, DIGITS);
  });
  test("more cached tokens than input tokens is #NUM!", () => {
    const p = problemOf(() => tokenCost(1000, 0, 3, 15, 2000));
    expect(p.kind).toBe("num");
    expect(p.argument).toBe("cached_input_tokens");
  });
  test("negative, NaN and infinite counts or prices are #NUM!, naming the argument", () => {
    expect(problemOf(() => tokenCost(-1, 0, 3, 15)).argument).toBe("input_tokens");
    expect(problemOf(() => tokenCost(1, NaN, 3, 15)).argument).toBe("output_tokens");
    expect(problemOf(() => tokenCost(1, 1, Infinity, 15)).argument).toBe("input_price_per_mtok");
    expect(problemOf(() => tokenCost(1, 1, 3, -15)).argument).toBe("output_price_per_mtok");
    expect(problemOf(() => tokenCost(1, 1, 3, 15, 0, 0, -1)).argument).toBe("attempts");
  });
});

describe("rates and shares are fractions", () => {
  test.each([
    ["RESOLUTION_FEE", () => resolutionFee(0.99, 90), "resolution_rate"],
    ["OUTCOME_FEE q", () => outcomeFee(0.5, 0.9, 1.2), "qualifying_share"],
    ["REVSHARE_FEE share", () => revshareFee(3, 0.5, 0.9, 15), "share"],
    ["COST_PER_RESOLUTION", () => costPerResolution(0.46, -0.1), "resolution_rate"],
    ["BLENDED_COST", () => blendedCost(0.46, 1.01, 3), "resolution_rate"],
    ["DISPUTE_EXPOSURE", () => disputeExposure(100, 2, 0.99), "verified_share"],
    ["SLA_GATE credit", () => slaGate(10, 4.5, 4, true, 1.5), "credit_share"],
  ])("%s out of 0..1 is #NUM!", (_name, f, argument) => {
    const p = problemOf(f);
    expect(p.kind).toBe("num");
    expect(p.argument).toBe(argument);
    expect(p.message).toContain(argument);
  });
});

describe("COST_PER_RESOLUTION", () => {
  test("a resolution rate of 0 is #DIV/0!", () => {
    const p = problemOf(() => costPerResolution(0.46, 0));
    expect(p.kind).toBe("div0");
    expect(p.argument).toBe("resolution_rate");
  });
  test("a rate of 1 leaves the cost per conversation unchanged", () => {
    expect(costPerResolution(0.46, 1)).toBe(0.46);
  });
});

describe("SLA_GATE", () => {
  test("met: the whole amount; missed: nothing by default", () => {
    expect(slaGate(100, 4.2, 4)).toBe(100);
    expect(slaGate(100, 4, 4)).toBe(100); // measured >= threshold
    expect(slaGate(100, 3.9, 4)).toBe(0);
  });
  test("lower is better: met only strictly below the threshold", () => {
    expect(slaGate(100, 0.015, 0.02, false)).toBe(100);
    expect(slaGate(100, 0.02, 0.02, false)).toBe(0);
  });
  test("a partial credit keeps the rest of the fee", () => {
    expect(slaGate(100, 3, 4, true, 0.25)).toBeCloseTo(75, DIGITS);
  });
  test("a measured level may be negative but must be finite", () => {
    expect(serviceLevelMet(-5, -6)).toBe(true);
    expect(problemOf(() => slaGate(100, NaN, 4)).argument).toBe("measured");
    expect(problemOf(() => slaGate(100, 4, Infinity)).argument).toBe("threshold");
  });
});

describe("revenue share", () => {
  test("no savings, no fee: an AI dearer than the baseline pays the vendor nothing", () => {
    expect(revshareFee(3, 4, 0.9, 0.15)).toBe(0);
  });
  test("the fee adds to the buyer's cost; it never lowers it (the guide's 0.16 is wrong)", () => {
    const net = revshareNet(3, 0.5, 0.9, 0.15);
    expect(net).toBeGreaterThanOrEqual(0.5);
    expect(net).not.toBeCloseTo(0.5 - 0.3375, 2);
  });
  test("when the vendor carries the AI run cost, the buyer pays only the share", () => {
    expect(revshareNet(3, 0.5, 0.9, 0.15, false)).toBeCloseTo(0.3375, DIGITS);
  });
});

describe("TCO_PER_CONVERSATION", () => {
  test("fixed or one-time costs without conversations cannot be spread: #DIV/0!", () => {
    expect(problemOf(() => tcoPerConversation(0.11, 0.35, 2000)).kind).toBe("div0");
    expect(problemOf(() => tcoPerConversation(0.11, 0.35, 0, 0, 24000)).argument).toBe("conversations");
  });
  test("conversations do not matter when nothing is fixed", () => {
    expect(tcoPerConversation(0.11, 0.35, 0, 0)).toBeCloseTo(0.46, DIGITS);
  });
  test("the term defaults to 12 months", () => {
    expect(tcoPerConversation(0, 0, 0, 1000, 12000)).toBeCloseTo(1, DIGITS);
    expect(tcoPerConversation(0, 0, 0, 1000, 12000, 24)).toBeCloseTo(0.5, DIGITS);
  });
  test("a term of 0 months with a one-time cost is #DIV/0!", () => {
    expect(problemOf(() => tcoPerConversation(0, 0, 0, 1000, 12000, 0)).argument).toBe("term_months");
  });
});

describe("break-even points", () => {
  test("BREAKEVEN_RESOLUTION_RATE: at that rate both bids cost the same per conversation", () => {
    const r = breakevenResolutionRate(0.5, 0.99);
    expect(resolutionFee(0.99, r)).toBeCloseTo(0.5, DIGITS);
  });
  test("BREAKEVEN_RESOLUTION_RATE with a free resolution is #DIV/0!", () => {
    expect(problemOf(() => breakevenResolutionRate(0.5, 0)).kind).toBe("div0");
  });
  test("BREAKEVEN_VOLUME: at that volume fixed + variable equals the variable alternative", () => {
    const v = breakevenVolume(2000, 0.1, 0.5);
    expect(v).toBeCloseTo(5000, DIGITS);
    expect(2000 + 0.1 * v).toBeCloseTo(0.5 * v, 8);
  });
  test("BREAKEVEN_VOLUME with an alternative that is not dearer has no answer: #NUM!", () => {
    expect(problemOf(() => breakevenVolume(2000, 0.5, 0.5)).kind).toBe("num");
    expect(problemOf(() => breakevenVolume(2000, 0.6, 0.5)).argument).toBe("alternative_variable_cost");
  });
});

describe("ALLOWANCE_COST and DISPUTE_EXPOSURE", () => {
  test("usage within the allowance costs only the platform fee", () => {
    expect(allowanceCost(50, 50, 0.99, 49)).toBe(49);
    expect(allowanceCost(10, 50, 0.99)).toBe(0);
  });
  test("dispute exposure: billed x (1 - verified) x price", () => {
    expect(disputeExposure(10000, 0.95, 0.99)).toBeCloseTo(495, 9);
    expect(disputeExposure(10000, 1, 0.99)).toBe(0);
  });
  test("SEAT_COST over 0 conversations is #DIV/0!", () => {
    expect(problemOf(() => seatCost(500, 100, 0)).kind).toBe("div0");
  });
});

describe("CONTEXT_TOKEN_COST: a rate card whose row the prompt size chooses", () => {
  const T = [0, 272000];
  const IN = [5, 10];
  const OUT = [30, 45];

  test("the contract's example: thresholds {0, 272000}, input {5, 10}, output {30, 45}: (300000, 2000) costs 3.09; (200000, 2000) costs 1.06", () => {
    expect(contextTokenCost(300000, 2000, T, IN, OUT)).toBeCloseTo(3.09, 12);
    expect(contextTokenCost(200000, 2000, T, IN, OUT)).toBeCloseTo(1.06, 12);
  });
  test("the row is the last whose threshold <= input_tokens: a prompt of exactly 272000 takes the higher row for every token", () => {
    expect(contextTokenCost(272000, 0, T, IN, OUT)).toBeCloseTo(2.72, 12);
    expect(contextTokenCost(271999, 0, T, IN, OUT)).toBeCloseTo(271999 * 5e-6, 12);
  });
  test("cached tokens count in the prompt size; cached prices default to the row's input price", () => {
    // 280000 tokens, 200000 of them cached at 1.00 in the long row: 80000 x 10 + 200000 x 1 + 2000 x 45.
    expect(contextTokenCost(280000, 2000, T, IN, OUT, 200000, [0.5, 1])).toBeCloseTo((80000 * 10 + 200000 * 1 + 2000 * 45) / 1e6, 12);
    expect(contextTokenCost(280000, 2000, T, IN, OUT, 200000)).toBeCloseTo((80000 * 10 + 200000 * 10 + 2000 * 45) / 1e6, 12);
    expect(contextTokenCost(280000, 2000, T, IN, OUT, 200000, [0.5, null])).toBeCloseTo(contextTokenCost(280000, 2000, T, IN, OUT, 200000), 15);
  });
  test("attempts multiply the whole request", () => {
    expect(contextTokenCost(300000, 2000, T, IN, OUT, 0, undefined, 3)).toBeCloseTo(9.27, 12);
  });
  test("equals TOKEN_COST at the chosen row; a one-row card is TOKEN_COST", () => {
    expect(contextTokenCost(20000, 3000, [0], [3], [15])).toBe(tokenCost(20000, 3000, 3, 15));
    const card = contextRateCard([0, 1000, 5000, 272000], [1, 2, 3, 4], [10, 20, 30, 40]);
    for (const [tokens, row] of [
      [0, 0],
      [999, 0],
      [1000, 1],
      [4999.5, 1],
      [5000, 2],
      [1e9, 3],
    ]) {
      expect(contextRow(card, tokens)).toBe(row);
      expect(priceOnRateCard(card, tokens, 100)).toBe(tokenCost(tokens, 100, row + 1, (row + 1) * 10));
    }
  });
  test("thresholds must start at 0 and ascend strictly: else #NUM!", () => {
    expect(problemOf(() => contextTokenCost(1, 1, [1000, 2000], IN, OUT)).kind).toBe("num");
    expect(problemOf(() => contextTokenCost(1, 1, [0, 0], IN, OUT)).kind).toBe("num");
    expect(problemOf(() => contextTokenCost(1, 1, [0, 272000, 100000], [1, 2, 3], [1, 2, 3])).message).toContain("ascend");
    expect(problemOf(() => contextTokenCost(1, 1, [0, -5], IN, OUT)).kind).toBe("num");
  });
  test("price lists of another length, or no threshold at all: #VALUE! naming the list", () => {
    expect(problemOf(() => contextTokenCost(1, 1, T, [5], OUT)).argument).toBe("input_prices");
    expect(problemOf(() => contextTokenCost(1, 1, T, IN, [30, 45, 60])).argument).toBe("output_prices");
    expect(problemOf(() => contextTokenCost(1, 1, T, IN, OUT, 0, [1])).argument).toBe("cached_input_prices");
    expect(problemOf(() => contextTokenCost(1, 1, [], [], [])).kind).toBe("value");
  });
  test("TOKEN_COST's rules hold: negative counts or prices #NUM!, more cached than input tokens #NUM!", () => {
    expect(problemOf(() => contextTokenCost(-1, 1, T, IN, OUT)).argument).toBe("input_tokens");
    expect(problemOf(() => contextTokenCost(1, 1, T, [5, -10], OUT)).argument).toBe("input_prices[2]");
    expect(problemOf(() => contextTokenCost(100, 1, T, IN, OUT, 200)).argument).toBe("cached_input_tokens");
    expect(problemOf(() => contextTokenCost(100, 1, T, IN, OUT, 0, [1, -1])).argument).toBe("cached_input_prices[2]");
  });
});

describe("CONTEXT_TOKEN_COST, properties", () => {
  const card = fc
    .array(fc.tuple(fc.integer({ min: 1, max: 500000 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })), {
      minLength: 1,
      maxLength: 8,
    })
    .map((rows) => {
      let t = 0;
      return rows.map(([gap, input, output], i) => {
        if (i > 0) t += gap;
        return { threshold: t, input, output };
      });
    });

  test("the request is TOKEN_COST at the last row whose threshold <= input tokens (a linear scan), for every token", () => {
    fc.assert(
      fc.property(card, fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 100000 }), fc.double({ min: 0, max: 1, noNaN: true }), (rows, input, output, cachedShare) => {
        const cached = Math.floor(input * cachedShare);
        let row = 0;
        for (let i = 0; i < rows.length; i++) if (rows[i].threshold <= input) row = i;
        const expected = tokenCost(input, output, rows[row].input, rows[row].output, cached, rows[row].input);
        const got = contextTokenCost(
          input,
          output,
          rows.map((r) => r.threshold),
          rows.map((r) => r.input),
          rows.map((r) => r.output),
          cached,
        );
        return got === expected;
      }),
      { numRuns: 2000 },
    );
  });
});
