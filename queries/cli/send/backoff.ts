/** The first wait after a failed request, doubled after each further failure. */
export const firstRetryMs = 500;
/** The longest wait between two attempts of one request, unless the server asks for longer. */
export const longestRetryMs = 30_000;
/** The longest a server's Retry-After is waited (a wrong header must not park a till for a day). */
export const longestRetryAfterMs = 5 * 60_000;

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

function retryAfterMs(header: string | null, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
