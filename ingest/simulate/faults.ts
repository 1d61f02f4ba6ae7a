import type { SimMessage } from "./messages.ts";
import { rngFor } from "./rng.ts";

export interface FaultOptions {
  duplicates: boolean;
  late: boolean;
  malformed: boolean;
}

export interface FaultCounts {
  duplicates: number;
  late: number;
  malformed: number;
}

const duplicateRate = 0.005;
const lateRate = 0.01;
const malformedRate = 0.001;
const hour = 3_600_000;

/** Damages a copy of a message the way real sources do; the copy is always invalid. */
function malformedCopy(message: SimMessage, pick: number): SimMessage {
  const variant = Math.floor(pick * 3);
  if (variant === 0) return { ...message, text: message.text.slice(0, Math.floor(message.text.length / 2)) };
  if (variant === 1 && /"amount_cny":"/.test(message.text)) {
    return { ...message, text: message.text.replace(/"amount_cny":"[^"]*"/, '"amount_cny":"-12.345"') };
  }
  return { ...message, text: message.text.replace(/"site_id":"[^"]*"/, '"site_id":"no-such-site"') };
}

/**
 * Adds source faults to a stream of day batches: retried duplicates (seconds to minutes later),
 * late arrivals (offline machines syncing 1 hour to 3 days later, so later in the stream) and
 * malformed copies. Each event's fate is drawn from its own stream, so it does not depend on
 * the range generated. Originals are never lost: clean totals stay what the scenario says.
 */
export function createFaultInjector(seed: number, options: FaultOptions) {
  const pending: SimMessage[] = [];
  const counts: FaultCounts = { duplicates: 0, late: 0, malformed: 0 };
  const none = !options.duplicates && !options.late && !options.malformed;

  function due(before: number): SimMessage[] {
    const ready = pending.filter((m) => m.at < before);
    if (ready.length > 0) {
      const keep = pending.filter((m) => m.at >= before);
      pending.length = 0;
      pending.push(...keep);
    }
    return ready;
  }

  return {
    counts,
    /** Takes a day's messages (ordered by time); returns what arrives before `until`, in arrival order. */
    push(messages: readonly SimMessage[], until: number): SimMessage[] {
      // Without faults nothing is held back or added: the day arrives as it happened (start's fill).
      if (none) return [...messages];
      const now: SimMessage[] = [];
      for (const message of messages) {
        const r = rngFor(seed, "fault", message.key);
        const [dup, late, bad, pick] = [r.next(), r.next(), r.next(), r.next()];
        if (options.late && late < lateRate) {
          counts.late += 1;
          pending.push({ ...message, at: message.at + hour + Math.floor(pick * 71 * hour) });
        } else {
          now.push(message);
        }
        if (options.duplicates && dup < duplicateRate) {
          counts.duplicates += 1;
          pending.push({ ...message, at: message.at + 1000 + Math.floor(pick * 600_000) });
        }
        if (options.malformed && bad < malformedRate) {
          counts.malformed += 1;
          pending.push({ ...malformedCopy(message, pick), at: message.at + 1 });
        }
      }
      return [...now, ...due(until)].sort(byArrival);
    },
    /** Everything still held back (the end of the run). */
    flush(): SimMessage[] {
      return due(Number.POSITIVE_INFINITY).sort(byArrival);
    },
  };
}

export function byArrival(a: SimMessage, b: SimMessage): number {
  return a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
