import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { migrate } from "../../transforms/migrate.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const log = createLogger("silent");
let warehouse: Warehouse;
let firstRun: string[];
let secondRun: string[];

beforeAll(async () => {
  warehouse = await openTestEmbedded("migrate_twice");
  firstRun = await migrate(warehouse, log);
  secondRun = await migrate(warehouse, log);
});

afterAll(async () => {
  await warehouse?.close();
});

/** Both event tables' engine definitions, settings included. */
async function eventTables(): Promise<{ name: string; engine_full: string }[]> {
  const tables = await warehouse.query(
    "SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN ('ticket_events', 'footfall_events') ORDER BY name",
    {},
    z.object({ name: z.string(), engine_full: z.string() }),
  );
  expect(tables.map((t) => t.name)).toEqual(["footfall_events", "ticket_events"]);
  return tables;
}

describe("migrate, run twice", () => {
  it("applies every migration once, none the second time", () => {
    expect(firstRun).toContain("002_reference_tables.sql");
    expect(firstRun).toContain("009_drop_unused_reference_tables.sql");
    expect(secondRun).toEqual([]);
  });

  it("has event inserts fsync their parts before they return", async () => {
    const tables = await eventTables();
    for (const table of tables) expect(table.engine_full, table.name).toMatch(/fsync_after_insert = 1, fsync_part_directory = 1/);
  });

  it("has each event table merge a year's parts into one once they are all an hour old", async () => {
    const tables = await eventTables();
    for (const table of tables) {
      expect(table.engine_full, table.name).toMatch(/min_age_to_force_merge_seconds = 3600, min_age_to_force_merge_on_partition_only = 1/);
    }
  });

  it("keeps no copies of the data files in the warehouse", async () => {
    const rows = await warehouse.query("SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name", {}, z.object({ name: z.string() }));
    const tables = rows.map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(["footfall_events", "schema_migrations", "ticket_events"]));
    for (const copy of ["towns", "operators", "sites", "calendar_days", "holiday_periods", "festivals"]) expect(tables).not.toContain(copy);
  });
});
