import { createHash } from "node:crypto";
import { type EventKind, type FieldsOf, eventKinds, type ValidEvent } from "../kinds/registry.ts";

/** The kind's digest fields of an event's row, in the kind's order. */
function digestValues<K extends EventKind>(event: { kind: K; row: FieldsOf<K> }): unknown[] {
  return eventKinds[event.kind].digestFields.map((field) => event.row[field]);
}

/**
 * The identity of an event's content: its normalised contract fields in a fixed order (amount in
 * fen, time as the UTC instant). Left out: where and when it arrived (source columns) and what the
 * register adds (a footfall event's operator_id), so a re-delivery from anywhere digests the same.
 */
export function contentDigest(event: ValidEvent): string {
  // 128 bits of SHA-256: collisions are out of reach for any number of events this alliance sees.
  return createHash("sha256")
    .update(JSON.stringify(digestValues(event)))
    .digest("hex")
    .slice(0, 32);
}
