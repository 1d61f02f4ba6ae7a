import { validEvents, type WireEvent } from "../support/events.ts";

/** The database bench:ingest's worker writes to, pre-filled by ingest-store.ts. */
export const benchDatabase = "bench_ingest";
export const storedFootfall = 6_000_000;
export const storedTickets = 4_500_000;
/** One event in this many is a re-send of an event already in the store. */
const resendEvery = 5;

/**
 * `count` valid events starting at `offset` of a run; every fifth re-uses the id of a stored event
 * (ids made by fillEventStore), spread over the whole store, so the duplicate lookup meets it. The
 * others get ids new to the store that sort among the stored ones, as real ids do, so the primary
 * index cannot skip them by their prefix alone.
 */
export function benchEvents(count: number, offset: number, prefix: string): WireEvent[] {
  return validEvents(count, offset + 1, `${prefix}${offset}`).map((event, i) => {
    const n = offset + i;
    const letter = event.type === "footfall" ? "f" : "t";
    const k = (n * 7_919) % (event.type === "footfall" ? storedFootfall : storedTickets);
    return { ...event, event_id: n % resendEvery === 0 ? `${letter}${k}` : `${letter}${k}:${event.event_id}` };
  });
}
