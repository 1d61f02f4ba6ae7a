import { DateTime } from "luxon";
import type { Logger } from "../../infra/logger.ts";
import type { AlertStore } from "./alert-store.ts";
import { alertDigest, digestBody, digestDueAt } from "./digest.ts";
import { utcText } from "./evaluator.ts";
import { RobotThrottled, postToWebhook } from "./post-webhook.ts";
import { type MessageContext, alertsBody } from "./robot-message.ts";
import { sendRate } from "./send-rate.ts";
import { type Webhook, retryDelayMs, webhookLabel } from "./webhooks.ts";

/** How long a robot that says it is throttled gets nothing more (DingTalk throttles for ten minutes). */
const throttledMs = 600_000;

/** The most current alerts one message carries; a robot's lists the newest that fit its size limit and counts the rest. */
const alertsPerMessage = 1000;

export interface OutboxDeps {
  store: AlertStore;
  webhooks: readonly Webhook[];
  /** Each site's name and town, and the dashboard's address the messages link to. */
  message: MessageContext;
  log: Logger;
  /** Per request (default 5 s): a hanging receiver holds up only its own backlog, never ingest or another webhook. */
  timeoutMs?: number;
  /** How often each webhook looks for due alerts without a nudge (default 1 s; sooner when a batch or the rate is due). */
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
 * where it stopped. Current alerts raised within a webhook's batch window go out as one message;
 * late ones (past days, or events that arrived late) together as a digest, at most one per webhook
 * a window. No webhook gets more requests a minute than its platform takes: the rest wait, pending,
 * and go in the next message. Every alert a message carried (listed or counted) is recorded as
 * delivered, or its attempt as failed, by the answer to that message. Delivery is at least once: a
 * crash between a webhook's answer and its record sends that message again.
 */
export function startAlertOutbox(deps: OutboxDeps): AlertOutbox {
  const { store, webhooks, log } = deps;
  const clock = deps.clock ?? (() => DateTime.now());
  const timeoutMs = deps.timeoutMs ?? 5000;
  const windowMs = deps.digestWindowMs ?? 600_000;
  const addresses = webhooks.map((hook) => hook.url);
  const stopping = new AbortController();

  function courier(hook: Webhook, label: string): () => Promise<number | undefined> {
    const rate = sendRate(hook.per_minute);
    /** '' when the webhook took it, else why not; undefined when stopping cut it short. */
    async function send(body: unknown): Promise<string | undefined> {
      try {
        await postToWebhook(hook, body, AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]));
        return "";
      } catch (err) {
        if (err instanceof RobotThrottled) rate.pause(clock().toMillis() + throttledMs);
        return stopping.signal.aborted ? undefined : `${label}: ${err instanceof Error ? err.message : String(err)}`;
      }
    }

    async function record(ids: readonly string[], error: string, tries: number): Promise<void> {
      const next = clock().plus({ milliseconds: retryDelayMs(tries + 1) });
      await store.recordAttempt(ids, { hook: hook.url, hooks: addresses, delivered: error === "", next_attempt_at: utcText(next), error });
      if (error !== "") log.warn({ webhook: label, alerts: ids.length, attempts: tries + 1, error }, "alert delivery failed; will retry");
    }

    const batchMs = hook.batch_seconds * 1000;
    /** When this webhook first saw the alerts it is gathering into one message (outbox clock, ms). */
    let gatheringSince: number | undefined;

    /** One round: at most one message of current alerts and one digest; returns when to look again (ms from now). */
    return async function round(): Promise<number | undefined> {
      let now = clock().toMillis();
      if (rate.freeAt(now) > now) return rate.freeAt(now) - now;
      const due = await store.dueFor(hook.url, utcText(clock()), alertsPerMessage);
      if (due.length > 0) {
        // A retry goes at once; fresh alerts wait out the window from the first one seen, gathering the rest.
        gatheringSince ??= now;
        if (due.every((a) => a.tries === 0) && now < gatheringSince + batchMs) return gatheringSince + batchMs - now;
        gatheringSince = undefined;
        rate.sent(now);
        const error = await send(alertsBody(hook, due, deps.message));
        if (error === undefined) return;
        await record(
          due.map((a) => a.alert_id),
          error,
          due.reduce((most, a) => Math.max(most, a.tries), 0),
        );
        if (error === "") log.info({ webhook: label, alerts: due.length }, "alerts delivered");
        now = clock().toMillis();
        if (rate.freeAt(now) > now) return rate.freeAt(now) - now;
      }
      const backlog = await store.lateBacklog(hook.url);
      if (backlog.length === 0 || now < digestDueAt(backlog, windowMs)) return;
      const digest = alertDigest(backlog, (id) => deps.message.site(id).name);
      rate.sent(now);
      const error = await send(digestBody(hook, digest));
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

/** Runs `round` again and again, `pollMs` apart (sooner when it asks) or at once when nudged, until `signal` aborts. */
function repeat(round: () => Promise<number | undefined>, pollMs: number, signal: AbortSignal, log: Logger) {
  let wake: (() => void) | undefined;
  let nudged = false;
  signal.addEventListener("abort", () => wake?.());
  const done = (async () => {
    while (!signal.aborted) {
      nudged = false;
      let wait = pollMs;
      try {
        wait = Math.min(pollMs, (await round()) ?? pollMs);
      } catch (err) {
        log.error({ err }, "alert outbox failed; retrying");
      }
      if (signal.aborted || nudged) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
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
