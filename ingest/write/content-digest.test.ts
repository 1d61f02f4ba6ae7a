import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { FootfallRow } from "../kinds/footfall.ts";
import type { ValidEvent } from "../kinds/registry.ts";
import type { TicketRow } from "../kinds/ticket.ts";
import { storable } from "./storable-event.ts";

const ticketRow: TicketRow = {
  event_id: "t-1",
  action: "sale",
  site_id: "langxia-country-park",
  operator_id: "langxia-country-park-co",
  order_id: "o-1",
  ticket_type: "adult",
  channel: "online",
  quantity: 2,
  amount_fen: 13700,
  occurred_at: "2024-04-04 02:15:00.000",
  local_date: "2024-04-04",
  source_kind: "kafka",
  source_name: "tourism.tickets",
  source_partition: 1,
  source_position: 17,
};
const footfallRow: FootfallRow = {
  event_id: "f-1",
  site_id: "langxia-country-park",
  operator_id: "langxia-country-park-co",
  gate_id: "north-gate",
  direction: "in",
  count: 12,
  occurred_at: "2024-04-04 02:15:00.000",
  local_date: "2024-04-04",
  source_kind: "kafka",
  source_name: "tourism.footfall",
  source_partition: 0,
  source_position: 3,
};
const ticket = (change: Partial<TicketRow>): ValidEvent => ({ kind: "ticket", row: { ...ticketRow, ...change } });
const footfall = (change: Partial<FootfallRow>): ValidEvent => ({ kind: "footfall", row: { ...footfallRow, ...change } });

/** The digest as every stored one was made: SHA-256 of JSON.stringify of the fields, 32 hex digits. */
const sha = (fields: unknown[]) => createHash("sha256").update(JSON.stringify(fields)).digest("hex").slice(0, 32);
/** The content digest an event is stored with. */
const contentDigest = (event: ValidEvent) => storable(event).digest;

describe("the content digest", () => {
  it("is the same wherever and whenever the event arrived", () => {
    const base = contentDigest(ticket({}));
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    expect(contentDigest(ticket({ source_kind: "file", source_name: "backfill.ndjson", source_partition: 0, source_position: 9 }))).toBe(base);
    expect(contentDigest(footfall({ source_name: "import.csv", source_position: 1 }))).toBe(contentDigest(footfall({})));
  });

  it("ignores what the register adds to a footfall event", () => {
    expect(contentDigest(footfall({ operator_id: "another-operator" }))).toBe(contentDigest(footfall({})));
  });

  it("changes with every contract field", () => {
    const base = contentDigest(ticket({}));
    const changes: Partial<TicketRow>[] = [
      { action: "refund" },
      { site_id: "zhonghua-village" },
      { operator_id: "zhonghua-village-coop" },
      { order_id: "o-2" },
      { ticket_type: "child" },
      { channel: "ota" },
      { quantity: 3 },
      { amount_fen: 13701 },
      { occurred_at: "2024-04-04 02:15:00.001" },
    ];
    for (const change of changes) expect(contentDigest(ticket(change)), JSON.stringify(change)).not.toBe(base);
    const foot = contentDigest(footfall({}));
    for (const change of [{ gate_id: "south-gate" }, { direction: "out" as const }, { count: 13 }, { site_id: "zhonghua-village" }]) {
      expect(contentDigest(footfall(change)), JSON.stringify(change)).not.toBe(foot);
    }
  });

  it("keeps the digests already stored: the same fields in the same order as ever", () => {
    expect(contentDigest(ticket({}))).toBe(
      sha(["sale", "langxia-country-park", "langxia-country-park-co", "o-1", "adult", "online", 2, 13700, "2024-04-04 02:15:00.000"]),
    );
    expect(contentDigest(footfall({}))).toBe(sha(["langxia-country-park", "north-gate", "in", 12, "2024-04-04 02:15:00.000"]));
  });

  it("is JSON.stringify's array however its texts need escaping", () => {
    const order_id = 'o-"1"\\\n\u0001\u2028😀';
    expect(contentDigest(ticket({ order_id }))).toBe(
      sha(["sale", "langxia-country-park", "langxia-country-park-co", order_id, "adult", "online", 2, 13700, "2024-04-04 02:15:00.000"]),
    );
  });

  it("digests text as UTF-8, as every stored digest was (the value from sha256sum)", () => {
    expect(contentDigest(ticket({ site_id: "廊下郊野公园", order_id: "订单-1" }))).toBe("be40925a797a4480e2dbc877205b09ef");
  });
});
