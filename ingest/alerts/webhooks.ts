import type { WebhookSettings } from "../../infra/alert-webhook-settings.ts";

/** A webhook and its settings (format, address, signing secret, mentions, keyword, batching, rate). */
export type Webhook = WebhookSettings;

/** What a message says of a site: its name and its town. */
export interface SiteInfo {
  name: string;
  town: string;
}

/** How errors name a webhook: its place in the list and format, never its address (which often holds its key). */
export const webhookLabel = (hook: Webhook, index: number) => `webhook ${index + 1} (${hook.format})`;

/** Retry delay after `attempts` failed attempts: 2 s, 4 s, 8 s … at most 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(1, attempts));
}
