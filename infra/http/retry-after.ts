/** The longest a server's Retry-After is waited: a wrong header must not park a client for a day. */
export const longestRetryAfterMs = 5 * 60_000;

/**
 * How long a `Retry-After` header asks a client to wait, in milliseconds: delay-seconds or an
 * HTTP date (RFC 9110); undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
