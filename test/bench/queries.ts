/**
 * `npm run bench:queries`: each report's latency over ≥ 10M events on the embedded engine, answered
 * from the projections (as the reports run) and by scanning the raw rows
 * (optimize_use_projections = 0), with the ratio. Every timed run asks with other parameters (see
 * report-cases.ts) and with the engine's query cache and query condition cache off, so no run is
 * answered from an earlier one. Also counts the statements a report issues and their mean time.
 * Prints one JSON line per case. Not a test.
 * Data: the directory given as its argument (default /tmp/tourism-bench-queries), loaded once and reused.
 */
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { defaultNaming } from "../support/naming.ts";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { createLogger } from "../../infra/logger.ts";
import { days, readyEventStore } from "./event-store.ts";
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

/** The condition cache remembers which granules matched a filter: a repeated raw scan would skip the rest. */
const uncached = "use_query_cache = 0, use_query_condition_cache = 0";

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Statements issued and the time spent in them, over the runs of one case. */
interface StatementTally {
  statements: number;
  ms: number;
}

/** The same warehouse with caches off, counting its statements; `raw` forces reading the raw rows instead of the projections. */
function benchWarehouse(warehouse: Warehouse, tally: StatementTally, raw: boolean): Warehouse {
  const settings = raw ? `${uncached}, optimize_use_projections = 0` : uncached;
  return {
    ...warehouse,
    query: async (sql, params, row) => {
      const start = performance.now();
      try {
        return await warehouse.query(`${sql}\nSETTINGS ${settings}`, params, row);
      } finally {
        tally.statements += 1;
        tally.ms += performance.now() - start;
      }
    },
  };
}

async function main(): Promise<void> {
  const log = createLogger("warn");
  const register = await loadRegister();
  const festivals = await loadFestivals();
  const warehouse = await openEmbeddedWarehouse(dataDir, "bench_queries");
  await migrate(warehouse, log);
  const { stored: events, fillSeconds } = await readyEventStore(warehouse, register, { footfallEvents, ticketEvents });
  if (fillSeconds !== null) console.log(JSON.stringify({ loaded_events: footfallEvents + ticketEvents, seconds: round(fillSeconds) }));
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
  console.log(JSON.stringify({ events, sites: register.sites.length, days, data_dir: dataDir, runs, raw_rows, projection_rows }));

  const cases = reportCases(register);
  const calendar = await loadHolidayCalendar();
  const tally: StatementTally = { statements: 0, ms: 0 };
  const projected: ReportContext = { warehouse: benchWarehouse(warehouse, tally, false), register, festivals, calendar, naming: defaultNaming };
  const raw: ReportContext = { warehouse: benchWarehouse(warehouse, { statements: 0, ms: 0 }, true), register, festivals, calendar, naming: defaultNaming };
  const ratios: number[] = [];
  const p95s: number[] = [];
  for (const [name, run] of cases) {
    // Warm-up is variant 0, the timed runs variants 1…runs, in both modes.
    let variant = 0;
    tally.statements = 0;
    tally.ms = 0;
    const cpu = process.cpuUsage();
    const fast = await time(() => run(projected, variant++), runs);
    const fastCpu = cpuMs(process.cpuUsage(cpu)) / (runs + 1);
    const statements = tally.statements / (runs + 1);
    const statementMs = tally.ms / tally.statements;
    variant = 0;
    const rawCpu = process.cpuUsage();
    const slow = await time(() => run(raw, variant++), runs);
    const slowCpu = cpuMs(process.cpuUsage(rawCpu)) / (runs + 1);
    let sameAnswer = true;
    for (let v = 0; v <= runs && sameAnswer; v++) sameAnswer = isDeepStrictEqual(await run(projected, v), await run(raw, v));
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
        // CPU time of this process (the engine runs in it) per report: less swayed by other load than wall time.
        cpu_ms: round(fastCpu),
        raw_cpu_ms: round(slowCpu),
        statements_per_report: statements,
        ms_per_statement: round(statementMs),
        p95_at_most_50ms: fast.p95 <= 50,
        raw_ratio_at_least_5x: slow.p95 / fast.p95 >= 5,
        same_answer: sameAnswer,
      }),
    );
    p95s.push(fast.p95);
    ratios.push(slow.p95 / fast.p95);
  }
  printSummary(
    "queries",
    `${p95s.filter((p) => p <= 50).length}/${cases.length} reports within p95 ≤ 50 ms; ${ratios.filter((r) => r >= 5).length}/${cases.length} ≥ 5× faster than raw rows`,
    { events, p95_max_ms: round(Math.max(...p95s)), target: { p95_ms: 50, raw_ratio: 5 } },
  );
  await warehouse.close();
}

await main();
