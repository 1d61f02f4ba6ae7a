import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { type Warehouse, WarehouseError } from "../../infra/warehouse/port.ts";
import { openServerWarehouse } from "../../infra/warehouse/server.ts";
import type { FootfallRow } from "../../ingest/kinds/footfall.ts";
import { eventKinds } from "../../ingest/kinds/registry.ts";
import type { TicketRow } from "../../ingest/kinds/ticket.ts";
import { type AlertFacts, alertStore } from "../../ingest/alerts/alert-store.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { type StorableEvent, insertColumns, storable } from "../../ingest/write/storable-event.ts";
import { storedDuplicates } from "../../ingest/write/stored-duplicates.ts";
import { storedEventCount } from "../../ingest/write/stored-events.ts";
import { storedIdsOf } from "../../ingest/write/stored-ids.ts";
import { migrate } from "../../transforms/migrate.ts";
import { createLogger } from "../../infra/logger.ts";

const log = createLogger("silent");
const dataDir = mkdtempSync(join(tmpdir(), "tourism-duplicate-filter-"));
let databases = 0;
const opened: Warehouse[] = [];

/** A fresh database on this file's data directory, migrated. */
async function freshWarehouse(): Promise<Warehouse> {
  const warehouse = await openEmbeddedWarehouse(dataDir, `test_filter_${process.pid}_${databases++}`);
  await migrate(warehouse, log);
  opened.push(warehouse);
  return warehouse;
}

afterAll(async () => {
  for (const warehouse of opened) await warehouse.close();
});

function footfall(id: string, count = 1): StorableEvent {
  const row: FootfallRow = {
    event_id: id,
    site_id: "s1",
    operator_id: "op1",
    gate_id: "g",
    direction: "in",
    count,
    occurred_at: "2024-04-04 02:00:00.000",
    local_date: "2024-04-04",
    source_kind: "file",
    source_name: "t",
    source_partition: 0,
    source_position: 0,
  };
  return storable({ kind: "footfall", row });
}

function ticket(id: string): StorableEvent {
  const row: TicketRow = {
    event_id: id,
    action: "sale",
    site_id: "s1",
    operator_id: "op1",
    order_id: `o-${id}`,
    ticket_type: "adult",
    channel: "online",
    quantity: 1,
    amount_fen: 100,
    occurred_at: "2024-04-04 02:00:00.000",
    local_date: "2024-04-04",
    source_kind: "file",
    source_name: "t",
    source_partition: 0,
    source_position: 0,
  };
  return storable({ kind: "ticket", row });
}

/** A writer on `warehouse`, and each statement it ran to count the event tables' rows. */
function writerCountingRows(warehouse: Warehouse) {
  const counts: string[] = [];
  const counting: Warehouse = {
    ...warehouse,
    query: (sql, params, row) => {
      if (sql.includes("count() AS n")) counts.push(sql);
      return warehouse.query(sql, params, row);
    },
  };
  return { writer: createEventWriter(counting), counts };
}

const footfalls = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => footfall(`${prefix}${i}`));

describe("the duplicate filter of the embedded engine's only writer", () => {
  it("after a restart, rebuilt from the store: re-sends are duplicates, changed content conflicts, new ids are written", async () => {
    const database = `test_filter_restart_${process.pid}`;
    const events = footfalls(1_000, "r");
    // First, while no other handle is open: closing the only handle closes the engine, as a process exit does.
    const first = await openEmbeddedWarehouse(dataDir, database);
    await migrate(first, log);
    expect((await createEventWriter(first).write(events)).written).toBe(1_000);
    const firstScope = first.soleWriter!.scope;
    await first.close();

    const second = await openEmbeddedWarehouse(dataDir, database);
    try {
      expect(second.soleWriter!.scope).not.toBe(firstScope);
      const changed = events.slice(500, 510).map((e) => footfall(e.eventId, 99));
      const summary = await createEventWriter(second).write([...events.slice(0, 500), ...changed, ...footfalls(100, "new")]);
      expect(summary).toMatchObject({ written: 100, duplicates: 500, conflicts: 10 });
      expect(summary.refusals.map((r) => r.reason)).toEqual(changed.map((e) => `conflicts with stored event "${e.eventId}": same event_id, different content`));
      expect(await storedEventCount(second)).toBe(1_100);
    } finally {
      await second.close();
    }
  });

  it("after a restart, writes go on while the stored ids are read: re-sends are duplicates before the filter is filled, and ids written meanwhile are in it after", async () => {
    const database = `test_filter_building_${process.pid}`;
    const first = await openEmbeddedWarehouse(dataDir, database);
    await migrate(first, log);
    // 200,000 ids made in SQL (no content digest: any re-use of their ids is a duplicate): 25 granules.
    await first.exec(
      `INSERT INTO footfall_events (event_id, site_id, operator_id, gate_id, direction, count, occurred_at, local_date, source_kind, source_name, source_partition, source_position)
       SELECT concat('b', toString(number)), 's1', 'op1', 'g', 'in', 1, toDateTime64('2018-01-01 02:00:00', 3, 'UTC') + toIntervalDay(number % 3000),
              toDate('2018-01-01') + number % 3000, 'file', 't', 0, number
       FROM numbers(200000)`,
    );
    await first.close();
    const stored = (from: number) => Array.from({ length: 100 }, (_, i) => footfall(`b${from + i}`));

    const second = await openEmbeddedWarehouse(dataDir, database);
    try {
      // Steps of one granule: the build takes some 25 of them, each between two writes.
      const storedIds = storedIdsOf(second, log, { stepMarks: 1 })!;
      const writer = createEventWriter(second, log);
      let filled = false;
      const writtenWhileBuilding: string[] = [];
      let writes = 0;
      for (let w = 0; !filled; w++) {
        const fresh = footfalls(50, `b${w}-`);
        const summary = await writer.write([...stored((w * 100) % 200_000), ...fresh]);
        expect(summary).toMatchObject({ written: 50, duplicates: 100, conflicts: 0 });
        if (w === 0) void storedIds.built("footfall_events").then((done) => (filled = done));
        if (!filled) {
          writtenWhileBuilding.push(...fresh.map((e) => e.eventId));
          writes += 1;
        }
      }
      // Writes alternate with the build's steps, so many were made before the filter was filled.
      expect(writes).toBeGreaterThan(10);
      expect(await storedIds.built("footfall_events")).toBe(true);
      expect(await storedIds.mayHold("footfall_events", writtenWhileBuilding)).toEqual(writtenWhileBuilding);
      const again = await writer.write([...stored(199_900), ...writtenWhileBuilding.map((id) => footfall(id))]);
      expect(again).toMatchObject({ written: 0, duplicates: 100 + writtenWhileBuilding.length });
      expect(await storedEventCount(second)).toBe(200_000 + writtenWhileBuilding.length + 50);
      expect(await storedDuplicates(second)).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it("rows stored outside the writer while the stored ids are read start the reading again: none is missed", async () => {
    const database = `test_filter_building_outside_${process.pid}`;
    const first = await openEmbeddedWarehouse(dataDir, database);
    await migrate(first, log);
    expect((await createEventWriter(first).write(footfalls(10_000, "x"))).written).toBe(10_000);
    await first.close();

    const second = await openEmbeddedWarehouse(dataDir, database);
    try {
      const storedIds = storedIdsOf(second, log, { stepMarks: 1 })!;
      const writer = createEventWriter(second, log);
      expect((await writer.write(footfalls(10, "y"))).written).toBe(10);
      const building = storedIds.built("footfall_events");
      // A statement beside the writer, as a restore or SQL typed by hand, while the build goes on.
      await second.exec(
        `INSERT INTO footfall_events (event_id, site_id, operator_id, gate_id, direction, count, occurred_at, local_date, source_kind, source_name, source_partition, source_position)
         SELECT concat('sql', toString(number)), 's1', 'op1', 'g', 'in', 1, toDateTime64('2024-04-04 02:00:00', 3, 'UTC'), toDate('2024-04-04'), 'file', 't', 0, number
         FROM numbers(50)`,
      );
      expect((await writer.write(footfalls(10, "z"))).written).toBe(10);
      // The build under way was given up for one that reads the new rows too.
      expect(await building).toBe(false);
      expect(await storedIds.built("footfall_events")).toBe(true);
      const summary = await writer.write([...footfalls(50, "sql"), ...footfalls(10, "y"), ...footfalls(10, "new")]);
      expect(summary).toMatchObject({ written: 10, duplicates: 60 });
      expect(await storedEventCount(second)).toBe(10_080);
    } finally {
      await second.close();
    }
  });

  it("never rules out a stored id: every id of a store made in SQL, non-ASCII ones too, may be held", async () => {
    const warehouse = await freshWarehouse();
    await warehouse.exec(
      `INSERT INTO footfall_events (event_id, site_id, operator_id, gate_id, direction, count, occurred_at, local_date, source_kind, source_name, source_partition, source_position)
       SELECT if(number % 3 = 0, concat('票-廊下-', toString(number)), concat('f', toString(number))), 's1', 'op1', 'g', 'in', 1,
              toDateTime64('2018-01-01 02:00:00', 3, 'UTC') + toIntervalDay(number % 3000), toDate('2018-01-01') + number % 3000, 'file', 't', 0, number
       FROM numbers(300000)`,
    );
    const stored = Array.from({ length: 300_000 }, (_, n) => (n % 3 === 0 ? `票-廊下-${n}` : `f${n}`));
    // Steps of one granule: bounds among the non-ASCII ids too.
    const filter = storedIdsOf(warehouse, log, { stepMarks: 1 })!;
    expect((await filter.mayHold("footfall_events", stored)).length).toBe(stored.length);
    expect(await filter.built("footfall_events")).toBe(true);
    expect((await filter.mayHold("footfall_events", stored)).length).toBe(stored.length);
    // …and rules out nearly every id it does not hold, or it would save no lookups.
    const unknown = Array.from({ length: 100_000 }, (_, n) => `f${n}x`);
    expect((await filter.mayHold("footfall_events", unknown)).length).toBeLessThan(2_000);
  });

  it("finds rows added outside the writer after the filter was built: a changed row count rebuilds it", async () => {
    const warehouse = await freshWarehouse();
    const writer = createEventWriter(warehouse);
    expect((await writer.write(footfalls(10, "w"))).written).toBe(10);
    await warehouse.exec(
      `INSERT INTO footfall_events (event_id, site_id, operator_id, gate_id, direction, count, occurred_at, local_date, source_kind, source_name, source_partition, source_position)
       SELECT concat('sql', toString(number)), 's1', 'op1', 'g', 'in', 1, toDateTime64('2024-04-04 02:00:00', 3, 'UTC'), toDate('2024-04-04'), 'file', 't', 0, number
       FROM numbers(50)`,
    );
    const summary = await writer.write(footfalls(50, "sql"));
    expect(summary).toMatchObject({ written: 0, duplicates: 50 });
    expect(await storedEventCount(warehouse)).toBe(60);
  });

  it("a write of both kinds reads both tables' row counts in one statement: rows added to either outside the writer are found", async () => {
    const warehouse = await freshWarehouse();
    const writer = createEventWriter(warehouse);
    expect((await writer.write([ticket("t-w"), footfall("f-w")])).written).toBe(2);
    // Inserted straight into each table, as a restore or a statement in SQL would.
    for (const stored of [ticket("t-sql"), footfall("f-sql")])
      await warehouse.insert(eventKinds[stored.kind].table, { columns: insertColumns[stored.kind], lines: [stored.line] });
    const summary = await writer.write([ticket("t-sql"), footfall("f-sql"), ticket("t-new"), footfall("f-new")]);
    expect(summary).toMatchObject({ written: 2, duplicates: 2 });
    expect(await storedEventCount(warehouse)).toBe(6);
  });

  it("counts the tables' rows again only after a statement other than its own inserts changed rows", async () => {
    const warehouse = await freshWarehouse();
    const { writer, counts } = writerCountingRows(warehouse);
    for (let w = 0; w < 5; w++) expect((await writer.write([ticket(`t-${w}`), footfall(`f-${w}`)])).written).toBe(2);
    expect(counts).toHaveLength(1);
    // Any other statement that may change rows, even one that does not touch the event tables, is followed by a count.
    await warehouse.exec("CREATE TABLE IF NOT EXISTS unrelated (n UInt8) ENGINE = Memory");
    await warehouse.insert(eventKinds.footfall.table, { columns: insertColumns.footfall, lines: [footfall("f-port").line] });
    const summary = await writer.write([ticket("t-new"), footfall("f-port"), footfall("f-new")]);
    expect(summary).toMatchObject({ written: 2, duplicates: 1 });
    expect(counts).toHaveLength(2);
    expect(await storedEventCount(warehouse)).toBe(13);
  });

  it("does not count the tables again after an alert is stored, but does after a statement that may change an event table", async () => {
    const warehouse = await freshWarehouse();
    const { writer, counts } = writerCountingRows(warehouse);
    expect((await writer.write([ticket("t-0"), footfall("f-0")])).written).toBe(2);
    expect(counts).toHaveLength(1);
    // An evaluation raising an alert, then its delivery recorded: statements on the alerts table alone.
    const alert: AlertFacts = {
      alert_id: "a-1",
      occurred_at: "2024-04-04 02:00:00.000",
      local_date: "2024-04-04",
      site_id: "s1",
      measure: "instant",
      level: "warning",
      previous_level: "normal",
      crossing: 1,
      figure: 80,
      capacity: 100,
      late: true,
    };
    const alerts = alertStore(warehouse);
    await alerts.raise([alert], "2024-04-04 02:00:01.000");
    await alerts.recordAttempt(["a-1"], { hook: "h", hooks: ["h"], delivered: true, next_attempt_at: "2024-04-04 02:00:02.000", error: "" });
    expect((await writer.write([ticket("t-1"), footfall("f-1")])).written).toBe(2);
    expect(counts).toHaveLength(1);
    // A statement that names the event table it changes, and one that names none, are each followed by a count.
    await warehouse.exec(
      `INSERT INTO footfall_events (event_id, site_id, operator_id, gate_id, direction, count, occurred_at, local_date, source_kind, source_name, source_partition, source_position)
       VALUES ('f-sql', 's1', 'op1', 'g', 'in', 1, '2024-04-04 02:00:00', '2024-04-04', 'file', 't', 0, 0)`,
      {},
      { changes: ["footfall_events"] },
    );
    expect(await writer.write([footfall("f-sql"), footfall("f-2")])).toMatchObject({ written: 1, duplicates: 1 });
    expect(counts).toHaveLength(2);
    await warehouse.exec(
      `INSERT INTO ticket_events (event_id, action, site_id, operator_id, order_id, ticket_type, channel, quantity, amount_fen, occurred_at, local_date, source_kind, source_name, source_partition, source_position)
       VALUES ('t-sql', 'sale', 's1', 'op1', 'o', 'adult', 'online', 1, 100, '2024-04-04 02:00:00', '2024-04-04', 'file', 't', 0, 0)`,
    );
    expect(await writer.write([ticket("t-sql"), ticket("t-2")])).toMatchObject({ written: 1, duplicates: 1 });
    expect(counts).toHaveLength(3);
    expect(await storedEventCount(warehouse)).toBe(8);
  });

  it("keeps the ids of an insert whose outcome is unknown: the retry finds them stored and adds nothing", async () => {
    const warehouse = await freshWarehouse();
    const events = footfalls(200, "u");
    // The rows land, then the engine's answer is lost.
    const lostAnswer: Warehouse = {
      ...warehouse,
      insert: async (table, rows) => {
        await warehouse.insert(table, rows);
        throw new WarehouseError("connection reset after the insert", "transient");
      },
    };
    await expect(createEventWriter(lostAnswer).write(events)).rejects.toThrow(/connection reset/);
    const retry = await createEventWriter(warehouse).write(events);
    expect(retry).toMatchObject({ written: 0, duplicates: 200 });
    expect(await storedEventCount(warehouse)).toBe(200);
  });

  it("two writers on one database share the filter and one lock: overlapping batches at once count each id once", async () => {
    const warehouse = await freshWarehouse();
    const events = footfalls(3_000, "o");
    const [a, b] = await Promise.all([createEventWriter(warehouse).write(events.slice(0, 2_000)), createEventWriter(warehouse).write(events.slice(1_000))]);
    expect(a.written + b.written).toBe(3_000);
    expect(a.duplicates + b.duplicates).toBe(1_000);
    expect(await storedEventCount(warehouse)).toBe(3_000);
  });

  it("is not kept where another process may write: the server adapter has no sole writer", async () => {
    const server = await openServerWarehouse({ url: "http://127.0.0.1:9", user: "default", password: "", database: "test_none" }, false);
    expect(server.soleWriter).toBeUndefined();
    expect(storedIdsOf(server)).toBeUndefined();
    await server.close();
  });
});
