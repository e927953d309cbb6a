/**
 * The templates shipped with the add-in: list prices with their source and the date each was read
 * (some with dated versions of their prices), and the guide's bids A, B and C. The files in ./gallery are checked by the tests (test/templates), not at runtime:
 * a shipped file that broke the format would fail the build's tests, never an analyst's workbook.
 */
import type { BidTemplate } from "./template";
import openaiGpt55 from "./gallery/openai-gpt-5-5.json";
import anthropicSonnet46 from "./gallery/anthropic-claude-sonnet-4-6.json";
import anthropicOpus47 from "./gallery/anthropic-claude-opus-4-7.json";
import finCopilot from "./gallery/intercom-fin-ai-copilot.json";
import agentforce from "./gallery/salesforce-agentforce-per-conversation.json";
import agentforceCredits from "./gallery/salesforce-agentforce-flex-credits.json";
import decagon from "./gallery/decagon-per-conversation.json";
import intercomFin from "./gallery/intercom-fin-allowance.json";
import intercomFinOutcomes from "./gallery/intercom-fin-outcomes.json";
import zendeskCommitted from "./gallery/zendesk-automated-resolutions-committed.json";
import zendeskPayg from "./gallery/zendesk-automated-resolutions-payg.json";
import outcomeCsat from "./gallery/outcome-csat-gated.json";
import revenueShare from "./gallery/revenue-share-vendor-pays-ai.json";
import zendeskTiers from "./gallery/zendesk-resolution-tiers-and-copilot.json";
import agentforceActions from "./gallery/salesforce-agentforce-flex-actions-and-seats.json";
import copilotStudio from "./gallery/microsoft-copilot-studio-credits.json";
import serviceNowAssists from "./gallery/servicenow-now-assist-assists-example.json";
import freddySessions from "./gallery/freshworks-freddy-ai-agent-sessions.json";
import hubspotBreeze from "./gallery/hubspot-breeze-customer-agent-credits.json";
import googleCes from "./gallery/google-ces-conversational-agents-and-agent-assist.json";
import sierraExample from "./gallery/sierra-outcomes-and-commission-example.json";
import decagonExample from "./gallery/decagon-per-resolution-example.json";
import gemini31Pro from "./gallery/google-gemini-3-1-pro-preview.json";
import guideA from "./gallery/guide-bid-a-per-token.json";
import guideB from "./gallery/guide-bid-b-per-resolution.json";
import guideC from "./gallery/guide-bid-c-revenue-share.json";

/** The gallery files in the order the task pane lists them: by pricing model, then the guide's bids. */
export const GALLERY_FILES: readonly { file: string; data: unknown }[] = [
  { file: "openai-gpt-5-5.json", data: openaiGpt55 },
  { file: "anthropic-claude-sonnet-4-6.json", data: anthropicSonnet46 },
  { file: "anthropic-claude-opus-4-7.json", data: anthropicOpus47 },
  { file: "intercom-fin-ai-copilot.json", data: finCopilot },
  { file: "salesforce-agentforce-per-conversation.json", data: agentforce },
  { file: "salesforce-agentforce-flex-credits.json", data: agentforceCredits },
  { file: "decagon-per-conversation.json", data: decagon },
  { file: "intercom-fin-allowance.json", data: intercomFin },
  { file: "intercom-fin-outcomes.json", data: intercomFinOutcomes },
  { file: "zendesk-automated-resolutions-committed.json", data: zendeskCommitted },
  { file: "zendesk-automated-resolutions-payg.json", data: zendeskPayg },
  { file: "outcome-csat-gated.json", data: outcomeCsat },
  { file: "revenue-share-vendor-pays-ai.json", data: revenueShare },
  { file: "google-gemini-3-1-pro-preview.json", data: gemini31Pro },
  { file: "zendesk-resolution-tiers-and-copilot.json", data: zendeskTiers },
  { file: "salesforce-agentforce-flex-actions-and-seats.json", data: agentforceActions },
  { file: "microsoft-copilot-studio-credits.json", data: copilotStudio },
  { file: "servicenow-now-assist-assists-example.json", data: serviceNowAssists },
  { file: "freshworks-freddy-ai-agent-sessions.json", data: freddySessions },
  { file: "hubspot-breeze-customer-agent-credits.json", data: hubspotBreeze },
  { file: "google-ces-conversational-agents-and-agent-assist.json", data: googleCes },
  { file: "sierra-outcomes-and-commission-example.json", data: sierraExample },
  { file: "decagon-per-resolution-example.json", data: decagonExample },
  { file: "guide-bid-a-per-token.json", data: guideA },
  { file: "guide-bid-b-per-resolution.json", data: guideB },
  { file: "guide-bid-c-revenue-share.json", data: guideC },
];

/** The shipped templates (validated by the tests; JSON types are widened, hence the cast). */
export const gallery: readonly BidTemplate[] = GALLERY_FILES.map((f) => f.data as BidTemplate);

/** The ids of the guide's worked example, in the guide's order. */
export const GUIDE_BID_IDS = ["guide-bid-a-per-token", "guide-bid-b-per-resolution", "guide-bid-c-revenue-share"] as const;

/** A shipped template by id, or undefined. */
export function galleryTemplate(id: string): BidTemplate | undefined {
  return gallery.find((t) => t.id === id);
}
