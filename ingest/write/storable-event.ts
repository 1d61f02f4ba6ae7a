import { sourceColumnNames } from "../kinds/event-kind.ts";
import { type EventKind, eventKinds, perEventKind, type ValidEvent } from "../kinds/registry.ts";
import { contentDigest, digestPositions } from "./content-digest.ts";
import { jsonText } from "./json-text.ts";

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

/** Each kind's row columns as inserted: its own, then where the event came from. */
const rowColumns = perEventKind((kind): readonly string[] => [...eventKinds[kind].columns, ...sourceColumnNames]);
const digestAt = perEventKind((kind) => digestPositions(kind, rowColumns[kind]));

/** Each kind's insert columns: its row's, and its content digest. */
export const insertColumns: Record<EventKind, readonly string[]> = perEventKind((kind) => [...rowColumns[kind], "content_digest"]);

export function storable(event: ValidEvent): StorableEvent {
  const row = event.row as unknown as Record<string, unknown>;
  const columns = rowColumns[event.kind];
  // Each value's JSON text once, for the digest and the line alike.
  const texts = new Array<string>(columns.length + 1);
  for (let i = 0; i < columns.length; i++) texts[i] = jsonText(row[columns[i]!]);
  const digest = contentDigest(texts, digestAt[event.kind]);
  // The brackets go on the first and last texts, so that one join makes the line as one flat
  // string: it waits for the write, where pieces joined later would each be kept and copied.
  texts[0] = `[${texts[0]}`;
  texts[columns.length] = `"${digest}"]`;
  return {
    kind: event.kind,
    eventId: event.row.event_id,
    digest,
    line: texts.join(","),
    footfall: event.kind === "footfall" ? { site_id: event.row.site_id, local_date: event.row.local_date } : undefined,
  };
}
