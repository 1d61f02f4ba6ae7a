import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { type EventKind, eventKindNames, eventKinds } from "../kinds/registry.ts";

/** Where the running owner of an embedded data directory answers the check for the command line. */
export const localDuplicatesPath = "/api/local/duplicates";

const dayRow = z.object({ day: z.string(), ids: int64, rows: int64, other_content: int64 });

/** Event ids of one kind stored more than once, by the local day of their first copy. */
export const duplicateDay = dayRow.extend({ kind: z.string() });
export type DuplicateDay = z.infer<typeof duplicateDay>;
export const duplicatesAnswer = z.object({ duplicates: z.array(duplicateDay) });

/**
 * Ids stored more than once, per kind and local day (the day of an id's earliest copy): how many
 * ids, how many rows they fill (ids × copies), and how many of them have copies whose content
 * differs (a raced conflict, not a plain repeat). One statement per table; each table is sorted by
 * event_id, so the engine groups its ids in that order as it reads them, in bounded memory, and only
 * the duplicated ids leave the engine, counted.
 */
export async function storedDuplicates(warehouse: Warehouse): Promise<DuplicateDay[]> {
  const found: DuplicateDay[] = [];
  for (const kind of eventKindNames) {
    // The table's name is the registry's, never input.
    const rows = await warehouse.query(
      `SELECT toString(day) AS day, count() AS ids, sum(copies) AS rows, countIf(contents > 1) AS other_content
       FROM (
         SELECT event_id, min(local_date) AS day, count() AS copies, uniqExact(content_digest) AS contents
         FROM ${eventKinds[kind].table}
         GROUP BY event_id
         HAVING copies > 1
       )
       GROUP BY day
       ORDER BY day
       SETTINGS optimize_aggregation_in_order = 1`,
      {},
      dayRow,
    );
    found.push(...rows.map((row) => ({ kind: kind as EventKind, ...row })));
  }
  return found;
}

/** The event tables the warehouse lacks (a store never migrated). */
export async function missingEventTables(warehouse: Warehouse): Promise<string[]> {
  const tables = eventKindNames.map((kind) => eventKinds[kind].table);
  const present = await warehouse.query(
    "SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN {tables:Array(String)}",
    { tables },
    z.object({ name: z.string() }),
  );
  return tables.filter((t) => !present.some((p) => p.name === t));
}
