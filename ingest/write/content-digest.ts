import { createHash } from "node:crypto";
import type { ValidEvent } from "../contracts/validate.ts";

/**
 * The identity of an event's content: its normalised contract fields in a fixed order (amount in
 * fen, time as the UTC instant). Left out: where and when it arrived (source columns) and what the
 * register adds (a footfall event's operator_id), so a re-delivery from anywhere digests the same.
 */
export function contentDigest(event: ValidEvent): string {
  let fields: unknown[];
  if (event.kind === "ticket") {
    const { action, site_id, operator_id, order_id, ticket_type, channel, quantity, amount_fen, occurred_at } = event.row;
    fields = [action, site_id, operator_id, order_id, ticket_type, channel, quantity, amount_fen, occurred_at];
  } else {
    const { site_id, gate_id, direction, count, occurred_at } = event.row;
    fields = [site_id, gate_id, direction, count, occurred_at];
  }
  // 128 bits of SHA-256: collisions are out of reach for any number of events this alliance sees.
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex").slice(0, 32);
}
