import type { FastifyReply, FastifyRequest } from "fastify";
import type { LiveSnapshot } from "./live.ts";
import type { WrittenSignal } from "./written-signal.ts";

/** At most one snapshot a second, however often events are written. */
const minGapMs = 1000;
const heartbeatMs = 15_000;

export interface LiveStreamDeps {
  first: LiveSnapshot;
  snapshot: () => Promise<LiveSnapshot>;
  written: WrittenSignal | undefined;
  headers: Record<string, string>;
  /** Aborted when the server stops: the stream ends, so that stopping never waits for its listeners (they reconnect). */
  stopping: AbortSignal;
}

/**
 * Server-sent events: the first snapshot at once, then a fresh one after events are written,
 * coalesced to one a second; a comment line keeps proxies from closing an idle stream.
 */
export function streamLive(request: FastifyRequest, reply: FastifyReply, deps: LiveStreamDeps): void {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, { ...deps.headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
  const send = (snapshot: LiveSnapshot) => out.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
  send(deps.first);
  let lastSent = Date.now();
  let pending: NodeJS.Timeout | undefined;
  let closed = false;

  const push = async () => {
    pending = undefined;
    lastSent = Date.now();
    try {
      const snapshot = await deps.snapshot();
      if (!closed) send(snapshot);
    } catch (err) {
      request.log.error({ err }, "live snapshot failed");
      if (!closed) out.write(`event: error\ndata: ${JSON.stringify({ error: "internal error" })}\n\n`);
    }
  };
  const unsubscribe = deps.written?.subscribe(() => {
    if (pending || closed) return;
    pending = setTimeout(() => void push(), Math.max(0, lastSent + minGapMs - Date.now()));
  });
  const heartbeat = setInterval(() => out.write(": keep-alive\n\n"), heartbeatMs);
  const finish = () => {
    closed = true;
    unsubscribe?.();
    clearInterval(heartbeat);
    clearTimeout(pending);
    deps.stopping.removeEventListener("abort", end);
  };
  const end = () => {
    finish();
    out.end();
  };
  deps.stopping.addEventListener("abort", end, { once: true });
  request.raw.on("close", finish);
}
