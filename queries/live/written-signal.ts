import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";

/** Tells listeners that new events were written (the live stream pushes a fresh snapshot). */
export interface WrittenSignal {
  subscribe(listener: () => void): () => void;
}

export interface NotifyingSignal extends WrittenSignal {
  notify(): void;
}

/** In process: the ingest hook calls notify() after each write (start). */
export function writtenSignal(): NotifyingSignal {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify() {
      for (const listener of listeners) listener();
    },
  };
}

/**
 * Across processes (serve beside a Kafka worker): one query a period for the latest ingestion time
 * of recent footfall, shared by every listener, and only while someone listens.
 */
export function pollingSignal(warehouse: Warehouse, everyMs = 1000): WrittenSignal & { close(): void } {
  const signal = writtenSignal();
  let count = 0;
  let last = "";
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    try {
      const [row] = await warehouse.query(
        "SELECT toString(max(ingested_at)) AS latest FROM footfall_events WHERE local_date >= today() - 1",
        {},
        z.object({ latest: z.string() }),
      );
      if (row && row.latest !== last) {
        if (last !== "") signal.notify();
        last = row.latest;
      }
    } catch {
      // The next poll tries again; the stream itself reports query failures.
    }
  };
  return {
    subscribe(listener) {
      const off = signal.subscribe(listener);
      if (count++ === 0) {
        void poll();
        timer = setInterval(() => void poll(), everyMs);
      }
      return () => {
        off();
        if (--count === 0) clearInterval(timer);
      };
    },
    close: () => clearInterval(timer),
  };
}
