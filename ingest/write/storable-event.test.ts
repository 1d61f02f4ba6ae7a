import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { RegisterLookup } from "../../transforms/register/register.ts";
import { validateEvent } from "../steps/validate.ts";
import { eventKinds, type ValidEvent } from "../kinds/registry.ts";
import { insertColumns, storable } from "./storable-event.ts";

const register: RegisterLookup = {
  siteOperator: (site) => (site === "s1" ? "op1" : undefined),
  hasOperator: (operator) => operator === "op1",
  siteHasGate: (site, gate) => site === "s1" && gate === "g",
};
const now = DateTime.fromISO("2024-04-05T00:00:00Z");
const source = { kind: "kafka" as const, name: "topic", partition: 2, position: 41 };

function valid(event: object): ValidEvent {
  const result = validateEvent(JSON.stringify(event), undefined, register, now, source);
  if (!result.ok) throw new Error(result.reason);
  return result;
}

const ticket = valid({
  type: "ticket",
  event_id: "t-1",
  action: "sale",
  site_id: "s1",
  operator_id: "op1",
  order_id: "o-1",
  ticket_type: "adult",
  channel: "online",
  quantity: 2,
  amount_cny: "137.5",
  occurred_at: "2024-04-04T10:15:00+08:00",
});
const footfall = valid({
  type: "footfall",
  event_id: "f-1",
  site_id: "s1",
  gate_id: "g",
  direction: "in",
  count: 12,
  occurred_at: "2024-04-04T10:15:00+08:00",
});

/** The digest as every stored one was made: SHA-256 of JSON.stringify of the kind's digest fields, 32 hex digits. */
function digestOf(event: ValidEvent): string {
  const row = event.row as unknown as Record<string, unknown>;
  const fields = (eventKinds[event.kind].digestFields as readonly string[]).map((field) => row[field]);
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex").slice(0, 32);
}

describe("an event kept as its insert line", () => {
  it.each([ticket, footfall])("holds every column of the $kind row and its digest, each under its column's name", (event) => {
    const kept = storable(event);
    const columns = insertColumns[event.kind];
    const values = JSON.parse(kept.line) as unknown[];
    expect(Object.fromEntries(columns.map((column, i) => [column, values[i]]))).toEqual({ ...event.row, content_digest: digestOf(event) });
    expect(kept).toMatchObject({ kind: event.kind, eventId: event.row.event_id, digest: digestOf(event) });
  });

  it("keeps a footfall event's site and day for the write's hooks, and nothing of the kind for a ticket", () => {
    expect(storable(footfall).footfall).toEqual({ site_id: "s1", local_date: "2024-04-04" });
    expect(storable(ticket).footfall).toBeUndefined();
  });
});
