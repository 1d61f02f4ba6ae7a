/**
 * `npm run bench:scale [--dir DIR] [SIZE…]` (default 10M 30M 100M): the embedded default as the
 * event store grows. One store, grown size by size (the fill is additive, so the curve costs the
 * largest fill once); per size one JSON line: disk bytes per event, each report's p95, the live
 * snapshot's p95, the validate-and-write rate into that store, the bench's and `start`'s peak RSS,
 * and how long `tourism start` takes to be ready on the existing directory. Ends with a summary line.
 * Needs about 1 GB of disk per 10M events (DIR, default /tmp/tourism-bench-scale). Not a test.
 */
import { spawnSync } from "node:child_process";
import { defaultNaming } from "../support/naming.ts";
import { loadavg } from "node:os";
import { DateTime } from "luxon";
import { z } from "zod";
import { loadConfig } from "../../infra/config.ts";
import { createLogger } from "../../infra/logger.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { siteZone } from "../../ingest/contracts/time.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { eventKindNames, eventKinds } from "../../ingest/kinds/registry.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { storedIdsOf } from "../../ingest/write/stored-ids.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { liveReport } from "../../queries/live/live.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { validEvents } from "../support/events.ts";
import { storedEventCount } from "../../ingest/write/stored-events.ts";
import { fillEventStore, settleEventStore } from "./event-store.ts";
import { peakRssMb, resetPeakRss, round, time } from "./measure.ts";
import { reportCases } from "./report-cases.ts";
import { parseScaleArgs } from "./scale-args.ts";
import { printSummary } from "./summary.ts";
import { startUntilReady } from "./start-ready.ts";

const runs = 20;
/** The filled store's split between the kinds, as in the reports bench: 4 footfall to 3 ticket events. */
const footfallShare = 4 / 7;
const fillSource = "bench"; // the source_name fillEventStore stamps
/** The ingest sample: writes of fresh events plus a re-sent slice of the previous write (stored ids). */
const ingestWrites = 40;
const freshPerWrite = 900;
const resentPerWrite = 100;
/** Writes timed while the duplicate filter is read, after the first (each also lets the reading take one step). */
const buildingWritesAtMost = 10;
/** A holiday afternoon inside the filled years, so the live snapshot compares with last year's holiday day. */
const liveAt = DateTime.fromISO("2025-10-03T15:00:00", { zone: siteZone });

/**
 * CPU time of this process (node and the engine's threads) since `before`: on a shared machine it
 * says what an operation costs where wall-clock latency also says how long it waited for a core.
 */
function cpuMs(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const sumRow = z.object({ bytes: int64, rows: int64, parts: int64 });
const countRow = z.object({ n: int64 });
const settingRow = z.object({ value: z.string() });

async function filledCount(warehouse: Warehouse, table: string): Promise<number> {
  const [row] = await warehouse.query(`SELECT count() AS n FROM ${table} WHERE source_name = {source:String}`, { source: fillSource }, countRow);
  return row!.n;
}

/** Grows the store's SQL-made events to `size`, numbering on from those already there. */
async function growTo(warehouse: Warehouse, size: number, sites: string[], operators: string[]): Promise<number> {
  const from = { footfall: await filledCount(warehouse, "footfall_events"), ticket: await filledCount(warehouse, "ticket_events") };
  const footfallTarget = Math.round(size * footfallShare);
  const footfallEvents = Math.max(0, footfallTarget - from.footfall);
  const ticketEvents = Math.max(0, size - footfallTarget - from.ticket);
  const started = performance.now();
  await fillEventStore(warehouse, sites, operators, { footfallEvents, ticketEvents, from });
  return (performance.now() - started) / 1000;
}

/** Active parts of the event tables (projections live inside them), and the whole directory as the file system sees it. */
async function disk(warehouse: Warehouse, dir: string) {
  const [parts] = await warehouse.query(
    `SELECT sum(bytes_on_disk) AS bytes, sum(rows) AS rows, count() AS parts FROM system.parts
     WHERE database = currentDatabase() AND active AND table IN ('footfall_events', 'ticket_events')`,
    {},
    sumRow,
  );
  // du exits 1 when a part's temporary directory vanishes under it (merges go on); its total still stands.
  const dirBytes = Number(spawnSync("du", ["-sb", dir], { encoding: "utf8" }).stdout.split("\t")[0]);
  return { parts: parts!, dirBytes };
}

/** The validate-and-write path the worker uses, fed in-process (no Kafka): fresh events and re-sent stored ones. */
async function ingestRate(warehouse: Warehouse, ctx: ReportContext, size: number) {
  // Ids new to this run: a store grown by an earlier run already holds that run's ids.
  const run = Date.now().toString(36);
  const lookup = registerLookup(ctx.register);
  const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() });
  let previous: string[] = [];
  let w = 0;
  const write = async () => {
    const fresh = validEvents(freshPerWrite, w + 1, `scale${size}-${run}-${w++}`).map((e) => JSON.stringify(e));
    const texts = [...fresh, ...previous.slice(0, resentPerWrite)];
    const messages = texts.map((text, position) => ({ text, source: { kind: "file" as const, name: "bench-scale", partition: 0, position } }));
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const outcome = await ingestor.ingest(messages);
    if (outcome.rejected.length > 0) throw new Error(`bench events rejected: ${outcome.rejected[0]!.reason}`);
    previous = fresh;
    return { ms: performance.now() - started, cpu: cpuMs(cpuBefore), written: outcome.written, duplicates: outcome.duplicates };
  };
  // The first write after a start, which starts reading the stored ids into the duplicate filter: timed on its own.
  const buildStarted = performance.now();
  const first = await write();
  const storedIds = storedIdsOf(warehouse)!;
  let filled = false;
  const built = Promise.all(eventKindNames.map((kind) => storedIds.built(eventKinds[kind].table))).then(() => (filled = true));
  // Writes while the ids are read: each looks every id up and waits for one step of the reading.
  let buildingWrites = 0;
  let buildingMs = 0;
  while (!filled && buildingWrites < buildingWritesAtMost) {
    buildingMs += (await write()).ms;
    buildingWrites += 1;
  }
  await built;
  const filterReadyMs = performance.now() - buildStarted;
  let written = 0;
  let duplicates = 0;
  let ms = 0;
  let cpu = 0;
  for (let i = 0; i < ingestWrites; i++) {
    const one = await write();
    ms += one.ms;
    cpu += one.cpu;
    written += one.written;
    duplicates += one.duplicates;
  }
  const messages = ingestWrites * (freshPerWrite + resentPerWrite);
  return {
    measures:
      "validate and write in-process (no Kafka), the worker's path, into the filled store; the first write after a start, writes while the duplicate filter is read, then writes of 1,000 with 100 re-sent stored ids once it is",
    first_write_ms: round(first.ms),
    building_writes: buildingWrites,
    building_ms_per_write: buildingWrites === 0 ? null : round(buildingMs / buildingWrites),
    filter_ready_ms: round(filterReadyMs),
    writes: ingestWrites,
    messages,
    written,
    duplicates,
    events_per_s: Math.round(messages / (ms / 1000)),
    ms_per_write: round(ms / ingestWrites),
    cpu_ms_per_write: round(cpu / ingestWrites),
  };
}

async function measureSize(dir: string, database: string, size: number, ctx: Omit<ReportContext, "warehouse">) {
  resetPeakRss();
  const warehouse = await openEmbeddedWarehouse(dir, database);
  try {
    await migrate(warehouse, createLogger("warn"));
    const sites = ctx.register.sites.map((s) => s.site_id);
    const fillSeconds = await growTo(
      warehouse,
      size,
      sites,
      ctx.register.sites.map((s) => s.operator_id),
    );
    await settleEventStore(warehouse);
    const [merges] = await warehouse.query("SELECT count() AS n FROM system.merges WHERE database = currentDatabase()", {}, countRow);
    const events = await storedEventCount(warehouse);
    const { parts, dirBytes } = await disk(warehouse, dir);
    const [queryCache] = await warehouse.query("SELECT getSetting('use_query_cache')::String AS value", {}, settingRow);
    const context: ReportContext = { ...ctx, warehouse };
    const reports: Record<string, number> = {};
    const reportsCpu: Record<string, number> = {};
    for (const [name, run] of reportCases(ctx.register)) {
      const cpuBefore = process.cpuUsage();
      reports[name] = round((await time(() => run(context), runs)).p95);
      reportsCpu[name] = round(cpuMs(cpuBefore) / (runs + 1));
    }
    const cpuBefore = process.cpuUsage();
    const live = await time(() => liveReport(context, cliStaff, { at: liveAt }, { clock: () => liveAt, staleMinutes: 15 }), runs);
    const liveCpu = round(cpuMs(cpuBefore) / (runs + 1));
    const ingest = await ingestRate(warehouse, context, size);
    const benchRss = peakRssMb("self");
    await warehouse.close();
    const start = await startUntilReady(dir, { CLICKHOUSE_DATABASE: database });
    return {
      bench: "scale",
      events,
      fill_seconds: round(fillSeconds),
      active_parts: parts.parts,
      merges_running: merges!.n,
      parts_bytes_per_event: round(parts.bytes / parts.rows),
      dir_bytes_per_event: round(dirBytes / events),
      dir_gb: round(dirBytes / 1e9),
      runs,
      query_cache: queryCache!.value === "1" ? "on" : "off",
      report_p95_ms: reports,
      report_p95_max_ms: Math.max(...Object.values(reports)),
      report_cpu_ms: reportsCpu,
      live_alliance_p95_ms: round(live.p95),
      live_alliance_cpu_ms: liveCpu,
      live_at: liveAt.toISO(),
      ingest,
      bench_peak_rss_mb: benchRss,
      start_ready_seconds: round(start.seconds),
      start_peak_rss_mb: start.peakRssMb,
      // The machine may be shared: its load says how much the figures above were competing for.
      load_avg_1m: round(loadavg()[0]!),
    };
  } finally {
    await warehouse.close();
  }
}

async function main(): Promise<void> {
  const args = parseScaleArgs(process.argv.slice(2));
  if (!args.ok) {
    process.stderr.write(`bench:scale: ${args.reason}\n`);
    process.exit(2);
  }
  const { dir, sizes } = args;
  const config = loadConfig(process.env);
  if (config.CLICKHOUSE_URL) throw new Error("bench:scale measures the embedded engine; unset CLICKHOUSE_URL");
  const ctx = { register: await loadRegister(), festivals: await loadFestivals(), calendar: await loadHolidayCalendar(), naming: defaultNaming };
  const lines = [];
  for (const size of sizes) {
    const line = await measureSize(dir, config.CLICKHOUSE_DATABASE, size, ctx);
    process.stdout.write(`${JSON.stringify(line)}\n`);
    lines.push(line);
  }
  const millions = (n: number) => `${round(n / 1e6)}M`;
  printSummary(
    "scale",
    lines
      .map(
        (l) =>
          `${millions(l.events)}: reports p95 ≤ ${l.report_p95_max_ms} ms, live ${l.live_alliance_p95_ms} ms, ingest ${l.ingest.events_per_s}/s, first write ${round(l.ingest.first_write_ms / 1000)} s, ` +
          `${l.dir_bytes_per_event} B/event, RSS ${l.bench_peak_rss_mb} MB, start ${l.start_ready_seconds} s`,
      )
      .join("; "),
    { sizes: lines.map((l) => l.events), targets: { report_p95_ms_to_10_5m: 50, report_p95_ms_at_100m: 100, start_ready_seconds: 60, first_write_seconds: 5 } },
  );
}

await main();
