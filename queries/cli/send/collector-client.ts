import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { type CollectAnswer, collectAnswerSchema } from "../../api/collect-answer.ts";
import { retryDelayMs } from "./backoff.ts";

/** The collector refused a request for good (a 4xx other than 429, an answer it should not give), or it stayed unavailable. */
export class SendRefusedError extends Error {}

/** Answers that mean "not now": the request is sent again after a wait, identity by event_id makes that harmless. */
const unavailable = new Set([429, 502, 503, 504]);

export interface CollectorClientOptions {
  /** The collector's POST /api/events address. */
  url: URL;
  /** The sender's bearer token. */
  token: string;
  /** Attempts after the first before a request is given up. */
  retries: number;
  /** How long one attempt may take before it counts as a network error. */
  timeoutMs?: number;
  /** Told of each wait before a retry, with why. */
  onRetry?: (waitMs: number, why: string) => void;
}

/** One batch of event lines (NDJSON, no line ends inside) as gzip, as the collector reads it. */
export const gzipLines = (lines: readonly string[]): Buffer => gzipSync(`${lines.join("\n")}\n`);

/**
 * Posts a gzipped NDJSON batch to POST /api/events and returns the collector's answer, one outcome
 * per line in order. Network errors, timeouts, 429 and 502–504 are retried with capped exponential
 * backoff (honouring Retry-After); any other refusal throws at once, naming the problem.
 */
export async function postBatch(options: CollectorClientOptions, lines: readonly string[], body = gzipLines(lines)): Promise<CollectAnswer> {
  for (let attempt = 0; ; attempt++) {
    let why: string;
    let retryAfter: string | null = null;
    try {
      const response = await fetch(options.url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.token}`,
          "content-type": "application/x-ndjson",
          "content-encoding": "gzip",
        },
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
      const text = await response.text();
      if (response.ok) return answerOf(text, lines.length);
      if (!unavailable.has(response.status)) throw new SendRefusedError(`${options.url.href} answered ${response.status}: ${errorOf(text)}`);
      why = `${response.status}: ${errorOf(text)}`;
      retryAfter = response.headers.get("retry-after");
    } catch (err) {
      if (err instanceof SendRefusedError) throw err;
      why = networkError(err);
    }
    if (attempt >= options.retries) throw new SendRefusedError(`${options.url.href}: gave up after ${attempt + 1} attempts; last: ${why}`);
    const wait = retryDelayMs(attempt, retryAfter);
    options.onRetry?.(wait, why);
    await sleep(wait);
  }
}

function answerOf(text: string, sent: number): CollectAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SendRefusedError(`the collector's answer is not JSON: ${text.slice(0, 200)}`);
  }
  const answer = collectAnswerSchema.safeParse(json);
  if (!answer.success) throw new SendRefusedError(`the collector's answer is not an events answer: ${answer.error.issues[0]?.message}`);
  if (answer.data.events.length !== sent) throw new SendRefusedError(`the collector answered ${answer.data.events.length} outcomes for ${sent} events`);
  return answer.data;
}

/** The `error` of a JSON refusal, or the start of whatever else came back. */
function errorOf(text: string): string {
  try {
    const { error } = JSON.parse(text) as { error?: unknown };
    if (typeof error === "string") return error;
  } catch {
    // not JSON: shown as it came
  }
  return text.slice(0, 200) || "(no body)";
}

function networkError(err: unknown): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return "no answer in time";
  const cause = err instanceof Error ? (err.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code ?? (err instanceof Error ? err.message : String(err));
}
