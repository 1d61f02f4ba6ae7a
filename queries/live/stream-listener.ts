import type { ServerResponse } from "node:http";

/** One server-sent-events connection, as the shared live stream writes to it. */
export interface StreamListener {
  /** A frame (one or more complete events); one the socket cannot take now replaces any frame waiting before it. */
  send(frame: string): void;
  /** A comment line to keep proxies from closing an idle stream; a socket stalled `stalledMs` by `now` is closed instead. */
  beat(now: number): void;
  /** Ends the stream (the server stops): the client reconnects. */
  end(): void;
}

const endGraceMs = 1000;

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
    end() {
      out.end();
      // A socket that does not take the end at once (it stopped reading) must not hold up the stop.
      if (!out.writableFinished) setTimeout(() => out.destroy(), endGraceMs).unref();
    },
  };
}
