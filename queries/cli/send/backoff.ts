import { longestRetryAfterMs, retryAfterMs } from "../../../infra/http/retry-after.ts";

/** The first wait after a failed request, doubled after each further failure. */
export const firstRetryMs = 500;
/** The longest wait between two attempts of one request, unless the server asks for longer. */
export const longestRetryMs = 30_000;

/**
 * How long to wait before attempt `attempt + 1` of a request (attempt counts from 0): what the
 * server's Retry-After asks (seconds or an HTTP date), else capped exponential backoff with jitter,
 * so that tills cut off together do not come back together.
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, now = Date.now(), random = Math.random): number {
  const asked = retryAfterMs(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, longestRetryAfterMs);
  const ceiling = Math.min(longestRetryMs, firstRetryMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
