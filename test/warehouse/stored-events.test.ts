import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { lastStoredDay, storedEventCount } from "../../ingest/write/stored-events.ts";
import { storable } from "../../ingest/write/storable-event.ts";
import { migrate } from "../../transforms/migrate.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const source = { source_kind: "file" as const, source_name: "t", source_partition: 0, source_position: 0 };
const at = (day: string) => ({ occurred_at: `${day} 02:00:00.000`, local_date: day });

describe("stored events, across every kind's table", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openTestEmbedded("stored_events");
    await migrate(warehouse, pino({ level: "silent" }));
  });
  afterAll(() => warehouse.close());

  it("counts nothing and knows no day in an empty warehouse", async () => {
    expect(await storedEventCount(warehouse)).toBe(0);
    expect(await lastStoredDay(warehouse)).toBe("1970-01-01");
  });

  it("counts the events of all kinds and finds the latest day in whichever table holds it", async () => {
    const gate = { site_id: "s1", operator_id: "op", gate_id: "g", direction: "in" as const, count: 5, ...source };
    const sale = { site_id: "s1", operator_id: "op", order_id: "o", ticket_type: "adult", channel: "online", quantity: 1, amount_fen: 100, ...source };
    await createEventWriter(warehouse).write(
      [
        { kind: "footfall" as const, row: { event_id: "f-1", ...gate, ...at("2024-04-04") } },
        { kind: "footfall" as const, row: { event_id: "f-2", ...gate, ...at("2024-04-05") } },
        { kind: "ticket" as const, row: { event_id: "t-1", action: "sale" as const, ...sale, ...at("2024-04-07") } },
      ].map(storable),
    );
    expect(await storedEventCount(warehouse)).toBe(3);
    expect(await lastStoredDay(warehouse)).toBe("2024-04-07");
  });
});
