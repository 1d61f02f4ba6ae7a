import { DateTime } from "luxon";
import type { Logger } from "../../infra/logger.ts";
import type { Alert, AlertStore } from "./alert-store.ts";
import { utcText } from "./evaluator.ts";
import { type Webhook, retryDelayMs, webhookBody } from "./webhooks.ts";

export interface OutboxDeps {
  store: AlertStore;
  webhooks: readonly Webhook[];
  siteName: (siteId: string) => string;
  log: Logger;
  /** Per request (default 5 s): a hanging receiver holds up only the outbox, never ingest. */
  timeoutMs?: number;
  /** How often it looks for due alerts without a nudge (default 1 s). */
  pollMs?: number;
  clock?: () => DateTime;
}

export interface AlertOutbox {
  /** Looks for new alerts now instead of at the next poll. */
  nudge(): void;
  stop(): Promise<void>;
}

/** WeCom and DingTalk answer 200 with a non-zero errcode when they refuse a message. */
async function post(hook: Webhook, body: unknown, timeoutMs: number): Promise<void> {
  const response = await fetch(hook.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  if (hook.format !== "generic") {
    const errcode = (() => {
      try {
        return (JSON.parse(text) as { errcode?: unknown }).errcode;
      } catch {
        return undefined;
      }
    })();
    if (errcode !== undefined && errcode !== 0) throw new Error(`errcode ${String(errcode)}: ${text.slice(0, 200)}`);
  }
}

/**
 * Delivers stored alerts to every configured webhook, from the `alerts` table: an alert stays
 * pending until each webhook took it, with retries backing off, so nothing is dropped and a restart
 * carries on where it stopped. Delivery is at least once (a crash between a webhook's answer and
 * its record sends that alert again).
 */
export function startAlertOutbox(deps: OutboxDeps): AlertOutbox {
  const { store, webhooks, log } = deps;
  const clock = deps.clock ?? (() => DateTime.now());
  const timeoutMs = deps.timeoutMs ?? 5000;
  let stopped = false;
  let wake: (() => void) | undefined;
  let nudged = false;

  async function deliver(alert: Alert): Promise<void> {
    const delivered = new Set(alert.delivered_to);
    const errors: string[] = [];
    for (const hook of webhooks) {
      if (delivered.has(hook.url)) continue;
      try {
        await post(hook, webhookBody(hook.format, alert, deps.siteName(alert.site_id)), timeoutMs);
        delivered.add(hook.url);
      } catch (err) {
        errors.push(`${hook.format}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const done = webhooks.every((hook) => delivered.has(hook.url));
    const next = clock().plus({ milliseconds: retryDelayMs(alert.attempts + 1) });
    await store.recordAttempt(alert.alert_id, { delivered_to: [...delivered], delivered: done, next_attempt_at: utcText(next), error: errors.join("; ") });
    if (done) log.info({ alert_id: alert.alert_id }, "alert delivered");
    else log.warn({ alert_id: alert.alert_id, attempts: alert.attempts + 1, errors }, "alert delivery failed; will retry");
  }

  const loop = (async () => {
    while (!stopped) {
      nudged = false;
      try {
        for (const alert of await store.due(utcText(clock()))) {
          if (stopped) break;
          await deliver(alert);
        }
      } catch (err) {
        log.error({ err }, "alert outbox failed; retrying");
      }
      if (stopped || nudged) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.pollMs ?? 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();

  return {
    nudge() {
      nudged = true;
      wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
