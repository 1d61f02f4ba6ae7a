/** A token bucket per sender: `perMinute` requests at once, refilled evenly over the minute. */
export interface RateLimiter {
  /** Takes one request from the sender's bucket: 0 when it may proceed, else the whole seconds until it may. */
  take(sender: string): number;
}

export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(sender) {
      const t = now();
      const bucket = buckets.get(sender) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.set(sender, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}
