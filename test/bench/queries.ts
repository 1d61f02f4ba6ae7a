/**
 * `npm run bench:queries`: each report's latency over ≥ 10M events on the embedded engine, answered
 * from the projections (as the reports run) and by scanning the raw rows
 * (optimize_use_projections = 0), with the ratio. Prints one JSON line per case. Not a test.
 * Data: the directory given as its argument (default /tmp/tourism-bench-queries), loaded once and reused.
 */
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { createLogger } from "../../infra/logger.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister } from "../../transforms/register/register.ts";
import { cliStaff } from "../../queries/access/access.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { festivalReport } from "../../queries/reports/festival.ts";
import { growthReport } from "../../queries/reports/growth.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
import { trendReport } from "../../queries/reports/trend.ts";

const dataDir = process.argv[2] ?? "/tmp/tourism-bench-queries";
const runs = 20;
const firstDay = "2018-01-01";
const days = 3287; // 2018-01-01 .. 2026-12-31
const footfallEvents = 6_000_000;
const ticketEvents = 4_500_000;
const chunk = 1_500_000;

const countRow = z.object({ n: int64 });

async function count(warehouse: Warehouse, table: string): Promise<number> {
  return (await warehouse.query(`SELECT count() AS n FROM ${table}`, {}, countRow))[0]!.n;
}

/**
 * Rows made in SQL: event n falls on day n mod 3287 at site (n div 3287) mod sites, so every site
 * has events on every day 2018–2026. Inserted in chunks as separate parts, like batches.
 */
async function load(warehouse: Warehouse, sites: string[], operators: string[]): Promise<void> {
  for (let offset = 0; offset < footfallEvents; offset += chunk) {
    await warehouse.exec(
      `INSERT INTO footfall_events (event_id, site_id, operator_id, gate_id, direction, count, occurred_at, local_date, source_kind, source_name, source_partition, source_position)
       SELECT concat('f', toString(number)), {sites:Array(String)}[intDiv(number, ${days}) % length({sites:Array(String)}) + 1],
              {operators:Array(String)}[intDiv(number, ${days}) % length({sites:Array(String)}) + 1],
              concat('g', toString(number % 3)), if(number % 5 = 0, 'out', 'in'), toUInt32(1 + (number * 7919) % 20),
              toDateTime64(toDate({first:String}) + number % ${days}, 3, 'UTC') + toIntervalHour(1 + number % 12),
              toDate({first:String}) + number % ${days}, 'file', 'bench', 0, number
       FROM numbers({offset:UInt64}, {n:UInt64})`,
      { sites, operators, first: firstDay, offset, n: Math.min(chunk, footfallEvents - offset) },
    );
  }
  for (let offset = 0; offset < ticketEvents; offset += chunk) {
    await warehouse.exec(
      `INSERT INTO ticket_events (event_id, action, site_id, operator_id, order_id, ticket_type, channel, quantity, amount_fen, occurred_at, local_date, source_kind, source_name, source_partition, source_position)
       SELECT concat('t', toString(number)), ['sale','sale','sale','sale','sale','sale','sale','refund','redeem','redeem'][number % 10 + 1],
              {sites:Array(String)}[intDiv(number, ${days}) % length({sites:Array(String)}) + 1],
              {operators:Array(String)}[intDiv(number, ${days}) % length({sites:Array(String)}) + 1],
              concat('o', toString(number)), ['adult','child','senior','free','package','other'][intDiv(number, 7) % 6 + 1],
              ['onsite','online','ota','group'][intDiv(number, 11) % 4 + 1], toUInt32(1 + number % 4),
              if(number % 10 >= 8, 0, toInt64(1000 + (number * 104729) % 50000)),
              toDateTime64(toDate({first:String}) + number % ${days}, 3, 'UTC') + toIntervalHour(1 + number % 12),
              toDate({first:String}) + number % ${days}, 'file', 'bench', 0, number
       FROM numbers({offset:UInt64}, {n:UInt64})`,
      { sites, operators, first: firstDay, offset, n: Math.min(chunk, ticketEvents - offset) },
    );
  }
}

/** Background merges after the load would otherwise be timed along with the reports. */
async function waitForMerges(warehouse: Warehouse): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const [row] = await warehouse.query("SELECT count() AS n FROM system.merges WHERE database = currentDatabase()", {}, countRow);
    if (row!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The same warehouse, every query forced to read the raw rows instead of the projections. */
function rawScanning(warehouse: Warehouse): Warehouse {
  return { ...warehouse, query: (sql, params, row) => warehouse.query(`${sql}\nSETTINGS optimize_use_projections = 0`, params, row) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number; answer: unknown }> {
  const answer = await run(); // warm-up, and the answer compared across modes
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), answer };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  const log = createLogger("warn");
  const register = await loadRegister();
  const festivals = await loadFestivals();
  const warehouse = await openEmbeddedWarehouse(dataDir, "bench_queries");
  await migrate(warehouse, log);
  const sites = register.sites.map((s) => s.site_id);
  const operators = register.sites.map((s) => s.operator_id);
  if ((await count(warehouse, "footfall_events")) + (await count(warehouse, "ticket_events")) < footfallEvents + ticketEvents) {
    await warehouse.exec("TRUNCATE TABLE footfall_events");
    await warehouse.exec("TRUNCATE TABLE ticket_events");
    const start = performance.now();
    await load(warehouse, sites, operators);
    console.log(JSON.stringify({ loaded_events: footfallEvents + ticketEvents, seconds: round((performance.now() - start) / 1000) }));
  }
  await waitForMerges(warehouse);
  const events = (await count(warehouse, "footfall_events")) + (await count(warehouse, "ticket_events"));
  const partRow = z.object({ table: z.string(), parts: int64, rows: int64 });
  const raw_rows = await warehouse.query(
    "SELECT table, count() AS parts, sum(rows) AS rows FROM system.parts WHERE database = currentDatabase() AND active AND table LIKE '%_events' GROUP BY table ORDER BY table",
    {},
    partRow,
  );
  const projection_rows = await warehouse.query(
    "SELECT name AS table, count() AS parts, sum(rows) AS rows FROM system.projection_parts WHERE database = currentDatabase() AND active GROUP BY name ORDER BY name",
    {},
    partRow,
  );
  console.log(JSON.stringify({ events, sites: sites.length, days, data_dir: dataDir, runs, raw_rows, projection_rows }));

  const town = register.towns[0]!.town_id;
  const operator = register.sites[0]!.operator_id;
  const cases: [string, (ctx: ReportContext) => Promise<unknown>][] = [
    ["holiday qingming 2024 alliance", (ctx) => holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2024, baseline: 2019 })],
    [`holiday national_day 2023 town ${town} by site`, (ctx) => holidayReport(ctx, cliStaff, { holiday: "national_day", year: 2023, town, by: "site" })],
    ["festival flower-festival 2024 alliance by operator", (ctx) => festivalReport(ctx, cliStaff, { festival: "flower-festival", year: 2024, by: "operator" })],
    [
      `trend 2025 day date operator ${operator}`,
      (ctx) => trendReport(ctx, cliStaff, { from: "2025-01-01", to: "2025-12-31", granularity: "day", align: "date", operator }),
    ],
    [
      "trend 2019-2025 month weekday alliance",
      (ctx) => trendReport(ctx, cliStaff, { from: "2019-01-01", to: "2025-12-31", granularity: "month", align: "weekday" }),
    ],
    ["growth 2019-2025 baseline 2019 alliance", (ctx) => growthReport(ctx, cliStaff, { from_year: 2019, to_year: 2025, baseline: 2019 })],
  ];
  const calendar = await loadHolidayCalendar();
  const projected: ReportContext = { warehouse, register, festivals, calendar };
  const raw: ReportContext = { warehouse: rawScanning(warehouse), register, festivals, calendar };
  for (const [name, run] of cases) {
    const fast = await time(() => run(projected));
    const slow = await time(() => run(raw));
    console.log(
      JSON.stringify({
        report: name,
        runs,
        p50_ms: round(fast.p50),
        p95_ms: round(fast.p95),
        raw_p50_ms: round(slow.p50),
        raw_p95_ms: round(slow.p95),
        ratio_p50: round(slow.p50 / fast.p50),
        ratio_p95: round(slow.p95 / fast.p95),
        p95_under_100ms: fast.p95 < 100,
        raw_ratio_at_least_10x: slow.p95 / fast.p95 >= 10,
        same_answer: isDeepStrictEqual(fast.answer, slow.answer),
      }),
    );
  }
  await warehouse.close();
}

await main();
