import type { FastifyReply } from "fastify";
import type { LiveHub } from "./live-hub.ts";
import type { LiveSnapshot } from "./live.ts";
import { streamListener } from "./stream-listener.ts";

/** A listener whose socket has taken nothing for a minute is closed; the dashboard reconnects. */
const stalledMs = 60_000;

export interface LiveStreamDeps {
  hub: LiveHub;
  /** The channel: one scope as one role sees it; its listeners share every snapshot. */
  channel: string;
  snapshot: () => Promise<LiveSnapshot>;
  headers: Record<string, string>;
  /** Gives the stream's place (its token's and the server's count of open streams) back when it ends. */
  release: () => void;
}

/**
 * Server-sent events: the channel's latest snapshot at once, then the fresh ones it shares after
 * events are written. A wrong parameter or scope throws before the stream opens (400, 403).
 */
export async function streamLive(reply: FastifyReply, deps: LiveStreamDeps): Promise<void> {
  const out = reply.raw;
  let leave: () => void;
  try {
    leave = await deps.hub.join(deps.channel, deps.snapshot, (first) => {
      reply.hijack();
      out.writeHead(200, { ...deps.headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
      const listener = streamListener(out, stalledMs);
      listener.send(first);
      return listener;
    });
  } catch (err) {
    deps.release();
    throw err;
  }
  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    leave();
    deps.release();
  };
  // The client may have gone, or the server have ended the stream, while the first snapshot was computed.
  if (out.destroyed || out.writableEnded) finish();
  else out.on("close", finish);
}
