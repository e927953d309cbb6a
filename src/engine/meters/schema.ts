/**
 * The JSON Schema of charges, written from the meters' own parts (each meter's fields) and the shape's:
 * scripts/build-meter-schema.js puts these definitions into src/templates/bid-template.schema.json, and
 * a test checks that the schema holds exactly them.
 */
import { METERS, METER_KINDS } from "./index";
import { SHAPE_SCHEMA } from "./shape";
import { TERM_SHAPE_SCHEMA } from "./term-shapes";
import type { MeterKind } from "./types";

/** The schema definition's name of a meter's charges, e.g. "meterVoiceMinutes". */
export function meterDefinitionName(kind: MeterKind): string {
  return `meter${kind.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}`;
}

export function chargeSchemaDefinitions(): Record<string, unknown> {
  const defs: Record<string, unknown> = {
    byCharges: {
      type: "object",
      additionalProperties: false,
      required: ["model", "charges"],
      description: "By charges: a list of charges, each pricing one meter (what is counted) with a shape; the bid's fee is their sum.",
      properties: {
        model: { const: "charges" },
        charges: { type: "array", minItems: 1, maxItems: 30, items: { $ref: "#/definitions/charge" }, description: "The charges of the price list, each with a label unique within the bid." },
        discount: { $ref: "#/definitions/fraction", description: "Negotiated discount off list on every charge without a discount of its own, 0..1." },
      },
    },
    chargeShape: {
      type: "object",
      description: "The fields every charge has (its label and its shape), referred to by each meter's definition.",
      properties: { ...SHAPE_SCHEMA, ...TERM_SHAPE_SCHEMA },
    },
    charge: {
      type: "object",
      required: ["meter", "label"],
      description: "One charge: its meter (what is counted), the meter's fields, and its shape (unitPrice, tiers or creditPack; includedUnits, packageSize, minimumMonthly, discount).",
      discriminator: { propertyName: "meter" },
      oneOf: METER_KINDS.map((k) => ({ $ref: `#/definitions/${meterDefinitionName(k)}` })),
    },
  };
  const shapeRefs = Object.fromEntries(Object.keys({ ...SHAPE_SCHEMA, ...TERM_SHAPE_SCHEMA }).map((k) => [k, { $ref: `#/definitions/chargeShape/properties/${k}` }]));
  for (const kind of METER_KINDS) {
    const part = METERS[kind].schema;
    defs[meterDefinitionName(kind)] = {
      type: "object",
      additionalProperties: false,
      required: ["meter", "label", ...part.required],
      description: `A charge on ${METERS[kind].name}. ${part.description}`,
      properties: { meter: { const: kind }, ...shapeRefs, ...part.properties },
    };
  }
  return defs;
}
