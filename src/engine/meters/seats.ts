/**
 * Meter: seats, a count per month (not per conversation); units may be pooled across them (ServiceNow's
 * assists: each seat brings some, the month's use draws on the pool, top-ups beyond it).
 */
import { chargeCost } from "../measures";
import { nonNegative, PricingProblem } from "../problems";
import { chargeField } from "./shape";
import type { MeterUnit, SeatsCharge } from "./types";

export const seats: MeterUnit<SeatsCharge> = {
  kind: "seats",
  name: "seats",
  unitName: () => "seats",
  schema: {
    properties: {
      seats: { type: "number", minimum: 0, maximum: 10000000, description: "Seats bought per month." },
      pool: {
        type: "object",
        additionalProperties: false,
        required: ["counts", "unitsPerSeat", "unitsPerConversation", "topUpPrice"],
        description: "Units pooled across the seats: each seat brings unitsPerSeat a month; use beyond the pool is bought at the top-up price.",
        properties: {
          counts: { type: "string", allOf: [{ $ref: "#/definitions/line" }], minLength: 1, maxLength: 70, description: 'What is pooled, e.g. "assists".' },
          unitsPerSeat: { type: "number", minimum: 0, maximum: 1000000, description: "Units each seat adds to the monthly pool." },
          unitsPerConversation: { type: "number", minimum: 0, maximum: 100000, description: "Units one conversation uses, on average." },
          topUpPrice: { $ref: "#/definitions/money", description: "Price of a unit (of a package, with topUpPackageSize) beyond the pool." },
          topUpPackageSize: { type: "number", exclusiveMinimum: 0, maximum: 1000000000000, description: "Top-ups are bought in whole packages of this many units." },
        },
      },
    },
    required: ["seats"],
    description: "Seats: a count per month; units may be pooled across them, with top-ups beyond the pool.",
  },
  check: (c) => {
    nonNegative(chargeField(c, "seats"), c.seats);
    const p = c.pool;
    if (!p) return;
    nonNegative(chargeField(c, "pool.unitsPerSeat"), p.unitsPerSeat);
    nonNegative(chargeField(c, "pool.unitsPerConversation"), p.unitsPerConversation);
    nonNegative(chargeField(c, "pool.topUpPrice"), p.topUpPrice);
    if (p.topUpPackageSize !== undefined && !(p.topUpPackageSize > 0)) throw new PricingProblem("num", chargeField(c, "pool.topUpPackageSize"), `charge "${c.label}" pool.topUpPackageSize must be above 0`);
  },
  units: (c) => c.seats,
  unitsFormula: (_c, x) => x.cell("seats"),
  inputs: (c) => [
    { field: "seats", label: "Seats", value: c.seats, format: "count", help: "seats bought per month" },
    ...(c.pool
      ? [
          { field: "pool.unitsPerSeat", label: `Pool: ${c.pool.counts} per seat per month`, value: c.pool.unitsPerSeat, format: "count" as const, help: "pooled across every seat" },
          { field: "pool.unitsPerConversation", label: `Pool: ${c.pool.counts} per conversation`, value: c.pool.unitsPerConversation, format: "plain" as const, help: "on average" },
          { field: "pool.topUpPrice", label: `Pool: top-up price${c.pool.topUpPackageSize !== undefined ? " per package" : ""}`, value: c.pool.topUpPrice, format: "price" as const, help: "beyond the pool" },
          ...(c.pool.topUpPackageSize !== undefined ? [{ field: "pool.topUpPackageSize", label: "Pool: top-up package size", value: c.pool.topUpPackageSize, format: "count" as const, help: "top-ups in whole packages" }] : []),
        ]
      : []),
  ],
  // The top-up: CHARGE_COST(V x units per conversation, top-up price, seats x units per seat, package size).
  extraFee: (c, ctx, discount) => {
    const p = c.pool;
    if (!p) return 0;
    return chargeCost(ctx.conversations * p.unitsPerConversation, p.topUpPrice * (1 - discount), c.seats * p.unitsPerSeat, p.topUpPackageSize);
  },
  extraFeeFormula: (c, x, discount) => {
    const p = c.pool;
    if (!p) return null;
    const price = discount ? `${x.cell("pool.topUpPrice")}*(1-${discount})` : x.cell("pool.topUpPrice");
    const size = p.topUpPackageSize !== undefined ? `, ${x.cell("pool.topUpPackageSize")}` : "";
    return `AIPRICE.CHARGE_COST(${x.symbols.conversations}*${x.cell("pool.unitsPerConversation")}, ${price}, ${x.cell("seats")}*${x.cell("pool.unitsPerSeat")}${size})`;
  },
  questions: ["Is the pool counted per month or per year, and do unused units carry over?", "Can seats be reduced mid-term?"],
  docs: {
    summary: "Seats: a count per month, priced per seat; units may be pooled across the seats (assists per seat), with a top-up price beyond the pool.",
    example: { label: "Now Assist seats", meter: "seats", seats: 100, unitPrice: 50, pool: { counts: "assists", unitsPerSeat: 100, unitsPerConversation: 0.5, topUpPrice: 0.2 } },
  },
};
