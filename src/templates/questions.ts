/**
 * The questions to settle before signing, per pricing model, from the guide ("Who defines 'resolution'?
 * Who measures it? What disputes will be resolved? Get these in writing.") and from how each model bills.
 * A template adds its own; `contractQuestions` joins the two without repeating a question.
 */
import type { PricingModel } from "../engine/bid";
import type { BidTemplate } from "./template";
import { meterOf } from "../engine/meters";

/** Asked of every bid, whatever its pricing model. */
export const GENERAL_QUESTIONS: readonly string[] = [
  "What is the total cost of ownership: what exactly does the vendor bill, and what must we supply beside it (infrastructure, observability, human review, integration)?",
  "What happens when the AI fails or hands a conversation to a human, and who pays for that conversation?",
];

/** The standard questions of each pricing model. */
export const STANDARD_QUESTIONS: Readonly<Record<PricingModel, readonly string[]>> = {
  "per-token": [
    "Which model versions and list prices apply, and how much notice is given before a price or model change?",
    "Is there a cap on tokens per conversation or per month, and what happens when it is reached?",
    "How are retries, agent steps, tool calls and reasoning tokens counted and billed?",
    "What share of input tokens will be served from the prompt cache, and at what price are cache reads and writes billed?",
    "Expense recognition: tokens are expensed as incurred; does finance agree, and how is usage reconciled with the invoice?",
  ],
  "per-seat": [
    "Seat utilisation: how many seats are active on a given day, and can unused seats be removed during the term?",
    "Is the seat price tied to an annual commitment, and how are seats added during the term trued up?",
    "Which base licences or platform fees does each seat require beside its own price?",
  ],
  "per-conversation": [
    "What counts as one conversation: when does it start and end, and is a customer who returns later a new conversation?",
    "Are conversations that fail or are handed to a human billed in full?",
    "Are volume discounts tied to a committed number of conversations, and what is billed below the commitment?",
  ],
  "per-resolution": [
    "Who defines a resolution: the customer's confirmation, a closed ticket, or no reopening within a window?",
    "Who measures resolutions, and can we audit the count behind each invoice?",
    "How are disputes over billed resolutions settled, and are resolutions that an audit rejects credited?",
    "How long is the reopen window, and is a resolution reversed and credited when the customer reopens within it?",
    "Revenue recognition: when does a resolution become final for the expense accrual, and how is the true-up booked?",
    "What stops the vendor from escalating hard cases to avoid unpaid work, and how will we monitor the escalation rate?",
  ],
  "outcome-based": [
    "How is the outcome defined (for example a resolution with CSAT of 4 or more), and who measures it?",
    "Service level: how is it measured (period, sample, survey method), and what credit applies when it is missed?",
    "Who owns the measurement data, and what controls will our auditor need over it?",
    "How are disputes over outcomes settled, and within what time?",
    "Revenue recognition: when is the fee final if a customer is dissatisfied later?",
  ],
  "revenue-share": [
    "Measurement of savings: which baseline cost per conversation, over what period, and who certifies it?",
    "Who pays the AI run cost: we do on top of the share, or the vendor out of it?",
    "Is the share capped, and how is the baseline re-based when volumes or human costs change?",
    "What documented methodology and controls over the measurement of savings will our auditor require?",
    "How are disputes over the measured savings settled?",
  ],
  credits: [
    "What counts as one action, how many actions does a typical conversation of ours take, and how many credits does each kind of action use?",
    "Do unused credits expire or roll over, and when: per month, per year, at the end of the term?",
    "What is billed when the credits run out: overage at what price per credit, or does the agent stop?",
    "Are actions that fail, retry or are handed to a human charged credits?",
    "Expense recognition: are prepaid credits a prepaid asset expensed as they are used, and how are expired credits booked?",
  ],
  charges: [
    "Is every charge on the price list in this bid, and which charges can change during the term?",
    "Does the negotiated discount apply to every charge, and to charges added later?",
    "Which of our systems counts each meter (outcomes, actions, minutes, sessions), so that every invoice line can be checked?",
  ],
};

/** The standard questions of a pricing model, general ones first. */
export function standardQuestions(model: PricingModel): string[] {
  return [...GENERAL_QUESTIONS, ...(STANDARD_QUESTIONS[model] ?? [])];
}

/** The text a question is compared by: case, spacing and closing punctuation do not make it new. */
function questionKey(q: string): string {
  return q
    .trim()
    .replace(/\s+/g, " ")
    .replace(/[?.!\s]+$/, "")
    .toLowerCase();
}

/** The questions of the meters a bid by charges counts, each meter once, in the order of its charges. */
function meterQuestions(template: BidTemplate): string[] {
  const p = template.bid.pricing;
  if (p.model !== "charges") return [];
  return p.charges.flatMap((c) => meterOf(c).questions);
}

/** The bid's questions: its model's standard ones, its meters', then the template's own, each once. */
export function contractQuestions(template: BidTemplate): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const q of [...standardQuestions(template.bid.pricing.model), ...meterQuestions(template), ...(template.questions ?? [])]) {
    const text = q.trim();
    const key = questionKey(text);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}
