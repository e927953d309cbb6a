/** The contract questions: each model's standard ones from the guide, plus the template's own, once each. */
import { PRICING_MODELS } from "../../src/engine/bid";
import { gallery, galleryTemplate } from "../../src/templates/gallery";
import { contractQuestions, GENERAL_QUESTIONS, STANDARD_QUESTIONS, standardQuestions } from "../../src/templates/questions";
import type { BidTemplate } from "../../src/templates/template";

describe("contract questions", () => {
  it("has standard questions for every pricing model", () => {
    for (const m of PRICING_MODELS) expect(STANDARD_QUESTIONS[m].length).toBeGreaterThanOrEqual(3);
  });

  it("asks the guide's three questions of a per-resolution bid: who defines a resolution, who measures it, how disputes are settled", () => {
    const q = standardQuestions("per-resolution").join("\n");
    expect(q).toMatch(/Who defines a resolution/);
    expect(q).toMatch(/Who measures resolutions/);
    expect(q).toMatch(/disputes/);
    expect(q).toMatch(/reopen window/);
    expect(q).toMatch(/Revenue recognition/);
  });

  it("asks about the measurement of savings for a revenue share, the service level for an outcome, caps for tokens, utilisation for seats", () => {
    expect(standardQuestions("revenue-share").join("\n")).toMatch(/Measurement of savings/);
    expect(standardQuestions("outcome-based").join("\n")).toMatch(/Service level: how is it measured/);
    expect(standardQuestions("per-token").join("\n")).toMatch(/cap on tokens/);
    expect(standardQuestions("per-seat").join("\n")).toMatch(/Seat utilisation/);
  });

  it("adds the template's own questions after the standard ones, without repeating one", () => {
    const b = galleryTemplate("guide-bid-b-per-resolution") as BidTemplate;
    const own: BidTemplate = {
      ...b,
      questions: ["Who defines a resolution: the customer's confirmation, a closed ticket, or no reopening within a window", "  Can we see last quarter's dispute log?  ", "can we see last quarter's dispute log?", ""],
    };
    const q = contractQuestions(own);
    expect(q).toEqual([...GENERAL_QUESTIONS, ...STANDARD_QUESTIONS["per-resolution"], "Can we see last quarter's dispute log?"]);
  });

  it("gives every gallery template its model's questions and its own", () => {
    for (const t of gallery) {
      const q = contractQuestions(t);
      for (const s of STANDARD_QUESTIONS[t.bid.pricing.model]) expect(q).toContain(s);
      for (const s of t.questions) expect(q).toContain(s.trim());
      expect(new Set(q.map((x) => x.toLowerCase())).size).toBe(q.length);
    }
  });
});
