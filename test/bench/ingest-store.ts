/**
 * bench:ingest's helper, run as its own process because chdb opens one data directory per process:
 *   fill DIR                 — a store of ≥ 10M events made in SQL (the worker's database), merges settled;
 *   stages DIR N [PER_WRITE] — N bench events (re-sends included) through the one ingest path on DIR,
 *                              PER_WRITE (20,000) a write, timing validation (with the digest), the
 *                              duplicate lookup and the insert apart. One JSON line.
 */
import { DateTime } from "luxon";
import { createLogger } from "../../infra/logger.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { eventKindNames, eventKinds } from "../../ingest/kinds/registry.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { storedIdsOf } from "../../ingest/write/stored-ids.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { benchDatabase, benchEvents, storedFootfall, storedTickets } from "./ingest-events.ts";
import { readyEventStore } from "./event-store.ts";

const [mode, dataDir, n, perWrite] = process.argv.slice(2);
const log = createLogger("warn");
const warehouse = await openEmbeddedWarehouse(dataDir!, benchDatabase);
await migrate(warehouse, log);
const register = await loadRegister();

if (mode === "fill") {
  const start = performance.now();
  const { stored } = await readyEventStore(warehouse, register, { footfallEvents: storedFootfall, ticketEvents: storedTickets });
  console.log(JSON.stringify({ bench: "ingest", phase: "store", stored_events: stored, seconds: Math.round(performance.now() - start) / 1000 }));
} else if (mode === "stages") {
  const ms = { lookup: 0, insert: 0, total: 0 };
  const timed = <T>(stage: "lookup" | "insert", work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    return work().finally(() => (ms[stage] += performance.now() - start));
  };
  // Every query the writer makes is its duplicate lookup; every insert its write.
  const probe: Warehouse = {
    ...warehouse,
    query: (sql, params, row) => timed("lookup", () => warehouse.query(sql, params, row)),
    insert: (table, rows) => timed("insert", () => warehouse.insert(table, rows)),
  };
  // The filter of stored ids is built once per process, before the first write: timed apart.
  const buildStart = performance.now();
  for (const kind of eventKindNames) {
    const storedIds = storedIdsOf(warehouse);
    await storedIds?.mayHold(eventKinds[kind].table, []);
    await storedIds?.built(eventKinds[kind].table);
  }
  const filterBuildSeconds = Math.round(performance.now() - buildStart) / 1000;
  const lookup = registerLookup(register);
  const ingestor = createMessageIngestor({ writer: createEventWriter(probe), lookup: () => lookup, clock: () => DateTime.now() });
  const events = Number(n);
  const batch = Number(perWrite ?? 20_000);
  for (let i = 0; i < events; i += batch) {
    const messages = benchEvents(Math.min(batch, events - i), i, `stage${batch}-`).map((e, j) => ({
      text: JSON.stringify(e),
      source: { kind: "file" as const, name: "bench", partition: 0, position: i + j },
    }));
    const start = performance.now();
    await ingestor.ingest(messages);
    ms.total += performance.now() - start;
  }
  const perEvent = (x: number) => Math.round((x / events) * 1e6) / 1e3; // µs per event
  console.log(
    JSON.stringify({
      bench: "ingest",
      phase: "stages",
      events,
      events_per_write: batch,
      duplicate_filter_build_s: filterBuildSeconds,
      us_per_event: {
        validate_digest_and_line: perEvent(ms.total - ms.lookup - ms.insert),
        duplicate_lookup: perEvent(ms.lookup),
        insert: perEvent(ms.insert),
        total: perEvent(ms.total),
      },
    }),
  );
}
await warehouse.close();
