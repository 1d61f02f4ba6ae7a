/**
 * A bench's event store: footfall and ticket rows made in SQL (no Kafka, no validation), so a
 * benchmark can start from millions of stored events in seconds. Shared by the benches that need a
 * large store (ingest, reports, live, scale).
 */
import { z } from "zod";
import { int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { storedEventCount } from "../../ingest/write/stored-events.ts";
import type { Register } from "../../transforms/register/register.ts";

export const firstDay = "2018-01-01";
export const days = 3287; // 2018-01-01 .. 2026-12-31
const chunk = 1_500_000;

const countRow = z.object({ n: int64 });

/**
 * Rows made in SQL: event n falls on day n mod 3287 at site (n div 3287) mod sites, so every site
 * has events on every day 2018–2026. Inserted in chunks as separate parts, like batches. `from`
 * numbers the first new event of each kind, so a store can be grown by further fills with distinct ids.
 */
export async function fillEventStore(
  warehouse: Warehouse,
  sites: string[],
  operators: string[],
  {
    footfallEvents,
    ticketEvents,
    from = { footfall: 0, ticket: 0 },
  }: { footfallEvents: number; ticketEvents: number; from?: { footfall: number; ticket: number } },
): Promise<void> {
  for (let offset = 0; offset < footfallEvents; offset += chunk) {
    await warehouse.exec(
      `INSERT INTO footfall_events (event_id, site_id, operator_id, gate_id, direction, count, occurred_at, local_date, source_kind, source_name, source_partition, source_position)
       SELECT concat('f', toString(number)), {sites:Array(String)}[intDiv(number, ${days}) % length({sites:Array(String)}) + 1],
              {operators:Array(String)}[intDiv(number, ${days}) % length({sites:Array(String)}) + 1],
              concat('g', toString(number % 3)), if(number % 5 = 0, 'out', 'in'), toUInt32(1 + (number * 7919) % 20),
              toDateTime64(toDate({first:String}) + number % ${days}, 3, 'UTC') + toIntervalHour(1 + number % 12),
              toDate({first:String}) + number % ${days}, 'file', 'bench', 0, number
       FROM numbers({offset:UInt64}, {n:UInt64})`,
      { sites, operators, first: firstDay, offset: from.footfall + offset, n: Math.min(chunk, footfallEvents - offset) },
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
      { sites, operators, first: firstDay, offset: from.ticket + offset, n: Math.min(chunk, ticketEvents - offset) },
    );
  }
}

/**
 * A bench's store of SQL-made events at every site of the register: filled afresh when it holds
 * fewer events than asked for, else reused as it is (benches keep their stores between runs); its
 * background merges settled either way. Returns the events it holds and the seconds a fill took
 * (null when the store was reused).
 */
export async function readyEventStore(
  warehouse: Warehouse,
  register: Register,
  counts: { footfallEvents: number; ticketEvents: number },
): Promise<{ stored: number; fillSeconds: number | null }> {
  let fillSeconds: number | null = null;
  if ((await storedEventCount(warehouse)) < counts.footfallEvents + counts.ticketEvents) {
    const started = performance.now();
    await warehouse.exec("TRUNCATE TABLE footfall_events");
    await warehouse.exec("TRUNCATE TABLE ticket_events");
    const sites = register.sites.map((s) => s.site_id);
    await fillEventStore(
      warehouse,
      sites,
      register.sites.map((s) => s.operator_id),
      counts,
    );
    fillSeconds = (performance.now() - started) / 1000;
  }
  await settleEventStore(warehouse);
  return { stored: await storedEventCount(warehouse), fillSeconds };
}

/**
 * The store as a running one is left overnight: each year's partition merged into one part (the
 * event tables ask the engine for that once every part of a partition is an hour old), and no
 * merge left running to be timed along with the reports. A store settled before is left as it is.
 */
export async function settleEventStore(warehouse: Warehouse): Promise<void> {
  await waitForMerges(warehouse);
  for (const table of ["footfall_events", "ticket_events"]) await warehouse.exec(`OPTIMIZE TABLE ${table} FINAL SETTINGS optimize_skip_merged_partitions = 1`);
  await waitForMerges(warehouse);
}

/**
 * Background merges after the load, and a migration's projection still being materialised (until
 * it is, reports read those parts' raw rows), would otherwise be timed along with the reports.
 */
export async function waitForMerges(warehouse: Warehouse): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const [row] = await warehouse.query(
      "SELECT (SELECT count() FROM system.merges WHERE database = currentDatabase()) + (SELECT count() FROM system.mutations WHERE database = currentDatabase() AND NOT is_done) AS n",
      {},
      countRow,
    );
    if (row!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
