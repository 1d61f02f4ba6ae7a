import * as crypto from "node:crypto";
import { type EventKind, eventKinds } from "../kinds/registry.ts";

/** SHA-256 of text (UTF-8) in hex: one-shot where Node has it (20.12+), a third of the cost of a Hash object an event. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("sha256", text, "hex") : (text) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * Where the kind's digest fields stand among `columns`, in the kind's order: its normalised contract
 * fields (amount in fen, time as the UTC instant). Left out: where and when it arrived (source
 * columns) and what the register adds (a footfall event's operator_id), so a re-delivery from
 * anywhere digests the same.
 */
export function digestPositions(kind: EventKind, columns: readonly string[]): number[] {
  return eventKinds[kind].digestFields.map((field) => {
    const at = columns.indexOf(field);
    if (at < 0) throw new Error(`digest field ${field} is not among the ${kind} columns`);
    return at;
  });
}

/**
 * The identity of an event's content: SHA-256 of the JSON array of its digest fields, given as the
 * JSON texts of its columns (see json-text.ts) and the digest fields' `positions` among them.
 */
export function contentDigest(texts: readonly string[], positions: readonly number[]): string {
  let array = "[";
  for (let i = 0; i < positions.length; i++) array += i === 0 ? texts[positions[i]!] : `,${texts[positions[i]!]}`;
  // 128 bits of SHA-256: collisions are out of reach for any number of events this alliance sees.
  return sha256Hex(`${array}]`).slice(0, 32);
}
