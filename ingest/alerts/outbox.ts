import { DateTime } from "luxon";
import type { Logger } from "../../infra/logger.ts";
import type { AlertStore } from "./alert-store.ts";
import { alertDigest, digestBody, digestDueAt } from "./digest.ts";
import { utcText } from "./evaluator.ts";
import { postToWebhook } from "./post-webhook.ts";
import { type Webhook, retryDelayMs, webhookBody, webhookLabel } from "./webhooks.ts";

export interface OutboxDeps {
  store: AlertStore;
  webhooks: readonly Webhook[];
  siteName: (siteId: string) => string;
  log: Logger;
  /** Per request (default 5 s): a hanging receiver holds up only its own backlog, never ingest or another webhook. */
  timeoutMs?: number;
  /** How often each webhook looks for due alerts without a nudge (default 1 s). */
  pollMs?: number;
  /** Late crossings reach a webhook as at most one digest in this window (default 10 minutes). */
  digestWindowMs?: number;
  clock?: () => DateTime;
}

export interface AlertOutbox {
  /** Looks for new alerts now instead of at the next poll. */
  nudge(): void;
  /** Ends every webhook's loop, cutting short a request under way (its alerts stay pending). */
  stop(): Promise<void>;
}

/**
 * Delivers stored alerts from the `alerts` table, each webhook from its own backlog in its own loop,
 * in parallel: a hanging or failing webhook backs off on its own and delays no other. An alert stays
 * pending for a webhook until that webhook took it, so nothing is dropped and a restart carries on
 * where it stopped. A current alert is pushed on its own; late ones (past days, or events that
 * arrived late) go out together as a digest, at most one per webhook a window. Delivery is at least
 * once: a crash between a webhook's answer and its record sends that message again.
 */
export function startAlertOutbox(deps: OutboxDeps): AlertOutbox {
  const { store, webhooks, log } = deps;
  const clock = deps.clock ?? (() => DateTime.now());
  const timeoutMs = deps.timeoutMs ?? 5000;
  const windowMs = deps.digestWindowMs ?? 600_000;
  const addresses = webhooks.map((hook) => hook.url);
  const stopping = new AbortController();

  function courier(hook: Webhook, label: string): () => Promise<void> {
    /** '' when the webhook took it, else why not; undefined when stopping cut it short. */
    async function send(body: unknown): Promise<string | undefined> {
      try {
        await postToWebhook(hook, body, AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]));
        return "";
      } catch (err) {
        return stopping.signal.aborted ? undefined : `${label}: ${err instanceof Error ? err.message : String(err)}`;
      }
    }

    async function record(ids: readonly string[], error: string, tries: number): Promise<void> {
      const next = clock().plus({ milliseconds: retryDelayMs(tries + 1) });
      await store.recordAttempt(ids, { hook: hook.url, hooks: addresses, delivered: error === "", next_attempt_at: utcText(next), error });
      if (error !== "") log.warn({ webhook: label, alerts: ids.length, attempts: tries + 1, error }, "alert delivery failed; will retry");
    }

    return async function round() {
      for (const alert of await store.dueFor(hook.url, utcText(clock()))) {
        const error = await send(webhookBody(hook.format, alert, deps.siteName(alert.site_id)));
        if (error === undefined) return;
        await record([alert.alert_id], error, alert.tries);
        if (error === "") log.info({ webhook: label, alert_id: alert.alert_id }, "alert delivered");
      }
      const backlog = await store.lateBacklog(hook.url);
      if (backlog.length === 0 || clock().toMillis() < digestDueAt(backlog, windowMs)) return;
      const digest = alertDigest(backlog, deps.siteName);
      const error = await send(digestBody(hook.format, digest));
      if (error === undefined) return;
      await record(
        backlog.map((c) => c.alert_id),
        error,
        backlog.reduce((most, c) => Math.max(most, c.tries), 0),
      );
      if (error === "") log.info({ webhook: label, crossings: digest.crossings, days: digest.days }, "late alerts delivered as a digest");
    };
  }

  const loops = webhooks.map((hook, index) => repeat(courier(hook, webhookLabel(hook, index)), deps.pollMs ?? 1000, stopping.signal, log));
  return {
    nudge() {
      for (const loop of loops) loop.nudge();
    },
    async stop() {
      stopping.abort();
      await Promise.all(loops.map((loop) => loop.done));
    },
  };
}

/** Runs `round` again and again, `pollMs` apart or at once when nudged, until `signal` aborts. */
function repeat(round: () => Promise<void>, pollMs: number, signal: AbortSignal, log: Logger) {
  let wake: (() => void) | undefined;
  let nudged = false;
  signal.addEventListener("abort", () => wake?.());
  const done = (async () => {
    while (!signal.aborted) {
      nudged = false;
      try {
        await round();
      } catch (err) {
        log.error({ err }, "alert outbox failed; retrying");
      }
      if (signal.aborted || nudged) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
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
    done,
  };
}
