import { z } from "zod";
import type { Logger } from "../../infra/logger.ts";
import type { SoleWriter, Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { BloomFilter } from "./bloom-filter.ts";

/** Ids of a table's events its filter was built for before it is rebuilt larger; 2× the stored count. */
const growth = 2;
const minimumCapacity = 1 << 20;
/** From this many stored ids the build takes seconds, worth telling at info level; below it, debug. */
const noticeableRows = 2_000_000;

interface TableIds {
  filter: BloomFilter;
  /** Rows the table holds as far as this process knows; undefined after an insert with unknown outcome. */
  rows: number | undefined;
}

/**
 * Which event ids each raw table may hold, known to the only writer of the warehouse, so that only
 * those need the duplicate lookup. It never forgets a stored id: built from every stored id, it
 * takes each id before the insert that stores it is tried (one that failed, or whose outcome is
 * unknown, leaves a harmless extra "maybe"), and is rebuilt from the table when the table's row
 * count is not what this process's own inserts left — when a statement other than the writer's
 * insert added rows. Call it only under the writer's lock.
 */
export interface StoredIds {
  /** The tables' row counts, read in one statement: a write into several tables reads them once, for `mayHold`. */
  rowCounts(tables: readonly string[]): Promise<Map<string, number>>;
  /**
   * The ids of `ids` the table may hold; the others it certainly does not. `rows` is the table's
   * row count if `rowCounts` just read it (under the same lock); otherwise it is read here.
   */
  mayHold(table: string, ids: readonly string[], rows?: number): Promise<string[]>;
  /** Before an insert of these ids is tried. */
  adding(table: string, ids: readonly string[]): void;
  /** After the insert: `written` rows landed, or (undefined) no one knows how many. */
  added(table: string, written: number | undefined): void;
}

const countRow = z.object({ name: z.string(), n: int64 });
const partitionRow = z.object({ partition: z.string() });

/** One StoredIds per database the engine keeps open, shared by all its writers in the process. */
const byScope = new WeakMap<object, StoredIds>();

/** The warehouse's StoredIds, or undefined where another process may write (a ClickHouse server). */
export function storedIdsOf(warehouse: Warehouse, log?: Logger): StoredIds | undefined {
  const sole = warehouse.soleWriter;
  if (!sole) return undefined;
  let ids = byScope.get(sole.scope);
  if (!ids) {
    ids = createStoredIds(warehouse, sole, log?.child({ module: "stored-ids" }));
    byScope.set(sole.scope, ids);
  }
  return ids;
}

function createStoredIds(warehouse: Warehouse, sole: SoleWriter, log: Logger | undefined): StoredIds {
  const tables = new Map<string, TableIds>();

  /** Each table's row count, from one statement (the names are the writer's table names, never input). */
  async function rowCounts(names: readonly string[]): Promise<Map<string, number>> {
    const sql = names.map((table, i) => `SELECT {t${i}:String} AS name, count() AS n FROM ${table}`).join(" UNION ALL ");
    const rows = await warehouse.query(sql, Object.fromEntries(names.map((table, i) => [`t${i}`, table])), countRow);
    return new Map(rows.map((row) => [row.name, row.n]));
  }

  async function build(table: string, rows: number): Promise<TableIds> {
    const started = performance.now();
    const filter = new BloomFilter(Math.max(minimumCapacity, rows * growth));
    const level = rows >= noticeableRows ? "info" : "debug";
    if (rows > 0) log?.[level]({ table, rows }, "reading stored event ids for the duplicate filter");
    const partitions = await warehouse.query(
      "SELECT DISTINCT partition_id AS partition FROM system.parts WHERE database = currentDatabase() AND table = {table:String} AND active",
      { table },
      partitionRow,
    );
    // A partition at a time keeps the engine's answer to one year of ids.
    for (const { partition } of partitions) {
      await sole.forEachString(`SELECT event_id FROM ${table} WHERE _partition_id = {partition:String}`, { partition }, (bytes, start, end) =>
        filter.addBytes(bytes, start, end),
      );
    }
    if (rows > 0) {
      log?.[level](
        { table, rows, seconds: Math.round(performance.now() - started) / 1000, filter_mb: Math.round(filter.byteLength / 2 ** 20) },
        "duplicate filter ready",
      );
    }
    return { filter, rows };
  }

  /** The table's filter, (re)built when absent, outgrown, or behind the table's `rows`. */
  async function current(table: string, rows: number): Promise<TableIds> {
    let ids = tables.get(table);
    // After an insert of unknown outcome its ids are in the filter whether or not they landed.
    if (ids && ids.rows === undefined) ids.rows = rows;
    if (!ids || ids.rows !== rows || rows > ids.filter.capacity) {
      if (ids && ids.rows !== rows) log?.warn({ table, expected: ids.rows, rows }, "event table changed outside the writer; rebuilding the duplicate filter");
      ids = await build(table, rows);
      tables.set(table, ids);
    }
    return ids;
  }

  return {
    rowCounts,
    async mayHold(table, ids, rows) {
      const { filter } = await current(table, rows ?? (await rowCounts([table])).get(table) ?? 0);
      return ids.filter((id) => filter.mayHold(id));
    },
    adding(table, ids) {
      const known = tables.get(table);
      if (!known) throw new Error(`no duplicate filter for ${table}: mayHold must come first`);
      for (const id of ids) known.filter.add(id);
    },
    added(table, written) {
      const known = tables.get(table)!;
      known.rows = written === undefined || known.rows === undefined ? undefined : known.rows + written;
    },
  };
}
