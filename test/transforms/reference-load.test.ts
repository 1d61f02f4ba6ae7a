import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import festivalsJson from "../../transforms/calendar/festivals.json" with { type: "json" };
import { migrate } from "../../transforms/migrate.ts";
import { loadReferenceData } from "../../transforms/reference/load.ts";
import { loadRegister } from "../../transforms/register/register.ts";
import registerJson from "../../transforms/register/register.json" with { type: "json" };
import { openTestEmbedded } from "../support/warehouse.ts";

const log = createLogger("silent");
let warehouse: Warehouse;
let firstRun: string[];
let secondRun: string[];

/** What `tourism migrate` does: the SQL migrations, then the reference data. */
async function migrateAndLoad(): Promise<string[]> {
  const applied = await migrate(warehouse, log);
  await loadReferenceData(warehouse, await loadRegister(), await loadFestivals(), await loadHolidayCalendar());
  return applied;
}

beforeAll(async () => {
  warehouse = await openTestEmbedded("reference_load");
  firstRun = await migrateAndLoad();
  secondRun = await migrateAndLoad();
});

afterAll(async () => {
  await warehouse?.close();
});

const count = async (table: string) => (await warehouse.query(`SELECT count() AS n FROM ${table}`, {}, z.object({ n: int64 })))[0]!.n;

describe("migrate + reference load, run twice", () => {
  it("applies every migration once, none the second time", () => {
    expect(firstRun).toContain("002_reference_tables.sql");
    expect(secondRun).toEqual([]);
  });

  it("has event inserts fsync their parts before they return", async () => {
    const tables = await warehouse.query(
      "SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN ('ticket_events', 'footfall_events') ORDER BY name",
      {},
      z.object({ name: z.string(), engine_full: z.string() }),
    );
    expect(tables.map((t) => t.name)).toEqual(["footfall_events", "ticket_events"]);
    for (const table of tables) expect(table.engine_full, table.name).toMatch(/fsync_after_insert = 1, fsync_part_directory = 1/);
  });

  it("leaves exactly the data files' rows, not two copies", async () => {
    expect(await count("towns")).toBe(registerJson.towns.length);
    expect(await count("operators")).toBe(registerJson.operators.length);
    expect(await count("sites")).toBe(registerJson.sites.length);
    expect(await count("festivals")).toBe(festivalsJson.festivals.reduce((n, f) => n + f.editions.length, 0));
    // 2018–2026: 9 × 365 + 2 leap days (2020, 2024).
    expect(await count("calendar_days")).toBe(3287);
    // 60 periods, 3 of them merged Mid-Autumn/National Day (2020, 2023, 2025) listed under both keys.
    expect(await count("holiday_periods")).toBe(63);
  });

  it("classifies known dates in calendar_days", async () => {
    const rows = await warehouse.query(
      `SELECT toString(date) AS date, day_kind, holiday_keys, holiday_name FROM calendar_days
       WHERE date IN ('2019-04-06', '2019-04-28', '2019-04-13', '2024-02-09', '2025-10-06') ORDER BY date`,
      {},
      z.object({ date: z.string(), day_kind: z.string(), holiday_keys: z.array(z.string()), holiday_name: z.string() }),
    );
    expect(rows).toEqual([
      { date: "2019-04-06", day_kind: "holiday", holiday_keys: ["qingming"], holiday_name: "清明节" },
      { date: "2019-04-13", day_kind: "weekend", holiday_keys: [], holiday_name: "" },
      { date: "2019-04-28", day_kind: "makeup_workday", holiday_keys: [], holiday_name: "" },
      { date: "2024-02-09", day_kind: "workday", holiday_keys: [], holiday_name: "" },
      { date: "2025-10-06", day_kind: "holiday", holiday_keys: ["national_day", "mid_autumn"], holiday_name: "国庆节、中秋节" },
    ]);
  });

  it("answers a merged period under either key, and a site with its kind and gates", async () => {
    const period = z.object({ start: z.string(), end: z.string(), days: z.number() });
    const sql = `SELECT toString(start_date) AS start, toString(end_date) AS end, days FROM holiday_periods
                 WHERE holiday_key = {key:String} AND year = {year:UInt16}`;
    const expected = [{ start: "2025-10-01", end: "2025-10-08", days: 8 }];
    expect(await warehouse.query(sql, { key: "mid_autumn", year: 2025 }, period)).toEqual(expected);
    expect(await warehouse.query(sql, { key: "national_day", year: 2025 }, period)).toEqual(expected);
    const site = await warehouse.query(
      "SELECT town_id, operator_id, kind, gates FROM sites WHERE site_id = {site:String}",
      { site: "langxia-country-park" },
      z.object({ town_id: z.string(), operator_id: z.string(), kind: z.string(), gates: z.array(z.string()) }),
    );
    expect(site).toEqual([
      { town_id: "langxia", operator_id: "langxia-country-park-co", kind: "park", gates: ["north-gate", "south-gate", "east-gate", "west-gate"] },
    ]);
  });
});
