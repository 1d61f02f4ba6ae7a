import type { ServerResponse } from "node:http";

/** One server-sent-events connection, as the shared live stream writes to it. */
export interface StreamListener {
  /** A frame (one or more complete events); one the socket cannot take now replaces any frame waiting before it. */
  send(frame: string): void;
  /** A comment line to keep proxies from closing an idle stream; a socket stalled `stalledMs` by `now` is closed instead. */
  beat(now: number): void;
}

/**
 * Writes frames while the socket drains. A listener that stops reading keeps at most the newest
 * frame waiting (it skips to the latest snapshot when it reads again), so an unread stream holds
 * one snapshot of memory, not one per update; one stalled for `stalledMs` is closed.
 */
export function streamListener(out: ServerResponse, stalledMs: number, clock: () => number = Date.now): StreamListener {
  let waiting: string | undefined;
  let stalledSince: number | undefined;
  const write = (frame: string) => {
    if (!out.write(frame)) stalledSince ??= clock();
  };
  out.on("drain", () => {
    stalledSince = undefined;
    const frame = waiting;
    waiting = undefined;
    if (frame !== undefined) write(frame);
  });
  return {
    send(frame) {
      if (out.destroyed) return;
      if (out.writableNeedDrain) waiting = frame;
      else write(frame);
    },
    beat(now) {
      if (out.destroyed) return;
      if (!out.writableNeedDrain) write(": keep-alive\n\n");
      else if (stalledSince !== undefined && now - stalledSince >= stalledMs) out.destroy();
    },
  };
}
