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
import { count, days, fillEventStore, waitForMerges } from "./event-store.ts";
import { round, time } from "./measure.ts";
import { reportCases } from "./report-cases.ts";
import { printSummary } from "./summary.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister } from "../../transforms/register/register.ts";
import type { ReportContext } from "../../queries/reports/context.ts";

const dataDir = process.argv[2] ?? "/tmp/tourism-bench-queries";
const runs = 20;
const footfallEvents = 6_000_000;
const ticketEvents = 4_500_000;

/** The same warehouse, every query forced to read the raw rows instead of the projections. */
function rawScanning(warehouse: Warehouse): Warehouse {
  return { ...warehouse, query: (sql, params, row) => warehouse.query(`${sql}\nSETTINGS optimize_use_projections = 0`, params, row) };
}

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
    await fillEventStore(warehouse, sites, operators, { footfallEvents, ticketEvents });
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

  const cases = reportCases(register);
  const calendar = await loadHolidayCalendar();
  const projected: ReportContext = { warehouse, register, festivals, calendar };
  const raw: ReportContext = { warehouse: rawScanning(warehouse), register, festivals, calendar };
  const ratios: number[] = [];
  const p95s: number[] = [];
  for (const [name, run] of cases) {
    const fast = await time(() => run(projected), runs);
    const slow = await time(() => run(raw), runs);
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
    p95s.push(fast.p95);
    ratios.push(slow.p95 / fast.p95);
  }
  printSummary(
    "queries",
    `${p95s.filter((p) => p < 100).length}/${cases.length} reports within p95 < 100 ms; ${ratios.filter((r) => r >= 10).length}/${cases.length} ≥ 10× raw`,
    { events, p95_max_ms: round(Math.max(...p95s)), target: { p95_ms: 100, raw_ratio: 10 } },
  );
  await warehouse.close();
}

await main();
