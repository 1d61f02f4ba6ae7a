import type { FastifyBaseLogger } from "fastify";
import type { LiveSnapshot } from "./live.ts";
import type { StreamListener } from "./stream-listener.ts";
import type { WrittenSignal } from "./written-signal.ts";

export interface LiveHubOptions {
  written: WrittenSignal | undefined;
  log: FastifyBaseLogger;
}

/** At most one snapshot of a channel a second, however often events are written. */
const minGapMs = 1000;
/** A comment line this often keeps proxies from closing an idle stream. */
const heartbeatMs = 15_000;

export interface LiveHub {
  /**
   * Joins the channel `key` (one scope as one role sees it): its latest snapshot, computed by
   * `snapshot` unless a fresh one is at hand, is handed to `open`, which returns the listener that
   * then receives the channel's later snapshots. Throws what `snapshot` throws, joining nothing.
   * The returned function leaves the channel.
   */
  join(key: string, snapshot: () => Promise<LiveSnapshot>, open: (first: string) => StreamListener): Promise<() => void>;
  /** Ends every stream, and any that opens later, so that stopping the server never waits for its listeners (they reconnect). */
  close(): void;
}

const snapshotFrame = (snapshot: LiveSnapshot) => `event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;
const errorFrame = `event: error\ndata: ${JSON.stringify({ error: "internal error" })}\n\n`;

interface Channel {
  listeners: Set<StreamListener>;
  /** Requests waiting for their first snapshot: the channel stays while any waits. */
  joining: number;
  fresh(): Promise<string>;
  close(): void;
}

/**
 * Live snapshots shared by their listeners: one statement per channel (scope and role) after
 * events are written, at most once a second, serialised once and written to every listener,
 * however many listen; one heartbeat timer for all of them.
 */
export function liveHub(options: LiveHubOptions): LiveHub {
  const channels = new Map<string, Channel>();
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;

  const channel = (key: string, snapshot: () => Promise<LiveSnapshot>): Channel => {
    const listeners = new Set<StreamListener>();
    let latest: { frame: string; started: number } | undefined;
    let computing: Promise<string> | undefined;
    /** Events were written since the latest snapshot started. */
    let dirty = false;
    let started = 0;
    let timer: NodeJS.Timeout | undefined;

    /** A new snapshot, written to every listener (and handed to whoever waits for a first one). */
    const refresh = (): Promise<string> => {
      if (computing) return computing;
      dirty = false;
      started = Date.now();
      const begun = started;
      computing = snapshot()
        .then(
          (answer) => {
            const frame = snapshotFrame(answer);
            latest = { frame, started: begun };
            for (const listener of listeners) listener.send(frame);
            return frame;
          },
          (err: unknown) => {
            // A first snapshot's failure is the opening request's answer (400, 403, 500); listeners hear of the others.
            if (listeners.size > 0) {
              options.log.error({ err, channel: key }, "live snapshot failed");
              for (const listener of listeners) listener.send(errorFrame);
            }
            throw err;
          },
        )
        .finally(() => {
          computing = undefined;
        });
      return computing;
    };
    const push = async () => {
      timer = undefined;
      // A snapshot under way may predate the write: let it finish, then take a new one.
      await computing?.catch(() => undefined);
      if (timer || computing || !dirty) return;
      await refresh().catch(() => undefined);
      if (dirty) schedule();
    };
    const schedule = () => {
      dirty = true;
      if (!timer) timer = setTimeout(() => void push(), Math.max(0, started + minGapMs - Date.now()));
    };
    const unsubscribe = options.written?.subscribe(schedule);
    return {
      listeners,
      joining: 0,
      // A snapshot under a gap old is fresh enough to open with: the push after a write follows.
      fresh: () => (latest && Date.now() - latest.started < minGapMs ? Promise.resolve(latest.frame) : refresh()),
      close() {
        unsubscribe?.();
        clearTimeout(timer);
      },
    };
  };

  const beat = () => {
    const now = Date.now();
    for (const { listeners } of channels.values()) for (const listener of listeners) listener.beat(now);
  };
  const dropIfIdle = (key: string, held: Channel) => {
    if (held.listeners.size > 0 || held.joining > 0 || channels.get(key) !== held) return;
    held.close();
    channels.delete(key);
    if (channels.size === 0) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  };

  return {
    async join(key, snapshot, open) {
      let held = channels.get(key);
      if (!held) {
        held = channel(key, snapshot);
        channels.set(key, held);
        heartbeat ??= setInterval(beat, heartbeatMs);
      }
      const joined = held;
      joined.joining++;
      let first: string;
      try {
        first = await joined.fresh();
      } catch (err) {
        joined.joining--;
        dropIfIdle(key, joined);
        throw err;
      }
      joined.joining--;
      const listener = open(first);
      if (closed) {
        listener.end();
        dropIfIdle(key, joined);
        return () => {};
      }
      joined.listeners.add(listener);
      return () => {
        joined.listeners.delete(listener);
        dropIfIdle(key, joined);
      };
    },
    close() {
      closed = true;
      for (const { listeners } of [...channels.values()]) for (const listener of [...listeners]) listener.end();
    },
  };
}
