import { sourceColumnNames } from "../kinds/event-kind.ts";
import { type EventKind, eventKinds, perEventKind, type ValidEvent } from "../kinds/registry.ts";
import { contentDigest } from "./content-digest.ts";

/**
 * A valid event as it waits for its write: the insert line, built once, and the few fields the
 * writer reads. A write holds tens of thousands of events; as row objects with their many small
 * strings they made most of the worker's heap, and a copy of each for the insert as much again.
 */
export interface StorableEvent {
  kind: EventKind;
  eventId: string;
  digest: string;
  /** One JSONCompactEachRow line: the values of `insertColumns[kind]`. */
  line: string;
  /** A footfall event's site and day, for whoever is told of written footfall; undefined for other kinds. */
  footfall: { site_id: string; local_date: string } | undefined;
}

/** Each kind's insert columns: its own, where the event came from, and its content digest. */
export const insertColumns: Record<EventKind, readonly string[]> = perEventKind((kind) => [
  ...eventKinds[kind].columns,
  ...sourceColumnNames,
  "content_digest",
]);

export function storable(event: ValidEvent): StorableEvent {
  const digest = contentDigest(event);
  const row = event.row as unknown as Record<string, unknown>;
  const values = (eventKinds[event.kind].columns as readonly string[]).map((column) => row[column]);
  for (const column of sourceColumnNames) values.push(row[column]);
  values.push(digest);
  return {
    kind: event.kind,
    eventId: event.row.event_id,
    digest,
    line: JSON.stringify(values),
    footfall: event.kind === "footfall" ? { site_id: event.row.site_id, local_date: event.row.local_date } : undefined,
  };
}
