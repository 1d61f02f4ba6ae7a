import { validEvents, type WireEvent } from "../support/events.ts";

/** The database bench:ingest's worker writes to, pre-filled by ingest-store.ts. */
export const benchDatabase = "bench_ingest";
export const storedFootfall = 6_000_000;
export const storedTickets = 4_500_000;
/** One event in this many is a re-send of an event already in the store. */
const resendEvery = 5;

/**
 * `count` valid events starting at `offset` of a run; every fifth re-uses the id of a stored event
 * (ids made by fillEventStore), spread over the whole store, so the duplicate lookup meets it.
 */
export function benchEvents(count: number, offset: number, prefix: string): WireEvent[] {
  return validEvents(count, offset + 1, `${prefix}${offset}`).map((event, i) => {
    const n = offset + i;
    if (n % resendEvery !== 0) return event;
    const stored = event.type === "footfall" ? storedFootfall : storedTickets;
    const k = (n * 7_919) % stored;
    return { ...event, event_id: `${event.type === "footfall" ? "f" : "t"}${k}` };
  });
}
