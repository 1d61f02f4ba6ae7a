import type { Config } from "../../infra/config.ts";

/** How many live streams one token may hold open, and how many the server holds in all. */
export interface StreamLimits {
  perToken: number;
  total: number;
}

/** Why a stream was refused, in words for the 429's error. */
export type SlotRefusal = { refused: "token" | "total"; limit: number };

export interface StreamSlots {
  /** A slot for one more stream of `holder`, released by calling the returned function (once is enough; more do nothing). */
  take(holder: string): (() => void) | SlotRefusal;
  /** Open streams in all. */
  readonly open: number;
}

/**
 * Counts open streams per token and in all. The per-token limit sits below the total, so one token
 * opening streams without end meets its own limit while other tokens still get in.
 */
export function streamSlots(limits: StreamLimits): StreamSlots {
  const byHolder = new Map<string, number>();
  let open = 0;
  return {
    take(holder) {
      const held = byHolder.get(holder) ?? 0;
      if (held >= limits.perToken) return { refused: "token", limit: limits.perToken };
      if (open >= limits.total) return { refused: "total", limit: limits.total };
      byHolder.set(holder, held + 1);
      open++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open--;
        const left = (byHolder.get(holder) ?? 1) - 1;
        if (left === 0) byHolder.delete(holder);
        else byHolder.set(holder, left);
      };
    },
    get open() {
      return open;
    },
  };
}

/** The limits the configuration sets (TOURISM_LIVE_STREAMS_PER_TOKEN, TOURISM_LIVE_STREAMS_TOTAL). */
export const streamLimits = (config: Pick<Config, "TOURISM_LIVE_STREAMS_PER_TOKEN" | "TOURISM_LIVE_STREAMS_TOTAL">): StreamLimits => ({
  perToken: config.TOURISM_LIVE_STREAMS_PER_TOKEN,
  total: config.TOURISM_LIVE_STREAMS_TOTAL,
});
