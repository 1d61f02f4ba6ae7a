import { z } from "zod";
import type { Logger } from "../../infra/logger.ts";
import type { SoleWriter, Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { BloomFilter } from "./bloom-filter.ts";
import { whileWritesPaused } from "./writes-paused.ts";

/** Ids of a table's events its filter was built for before it is rebuilt larger; 2× the stored count. */
const growth = 2;
const minimumCapacity = 1 << 20;
/** From this many stored ids the build takes seconds, worth telling at info level; below it, debug. */
const noticeableRows = 2_000_000;
/** Granules (8,192 rows) a step of the build reads: some 500,000 ids, a fraction of a second, the longest a write waits for it. */
const defaultStepMarks = 64;

interface TableIds {
  filter: BloomFilter;
  /** Rows the table holds as far as this process knows; undefined after an insert with unknown outcome. */
  rows: number | undefined;
  /** The filter holds every stored id; until then it is being read, and every id may be held. */
  filled: boolean;
  /** The build stopped on an error: the next write starts another. */
  failed: boolean;
  /** Settles when the build ends: true when the filter was filled. */
  built: Promise<boolean>;
}

/**
 * Which event ids each raw table may hold, known to the only writer of the warehouse, so that only
 * those need the duplicate lookup. It never forgets a stored id: its filter is read from every
 * stored id, it takes each id before the insert that stores it is tried (one that failed, or whose
 * outcome is unknown, leaves a harmless extra "maybe"), and is read again from the table when the
 * table's row count is not what this process's own inserts left — when a statement other than the
 * writer's insert added rows. The reading goes on beside the writes, a step at a time between two
 * of them, so a restarted process writes at once: until the filter holds every stored id, every id
 * may be held (each write looks all its ids up in the table), and ids written meanwhile enter the
 * filter as they are written. Call it only under the writer's lock.
 */
export interface StoredIds {
  /**
   * The tables' row counts for `mayHold`: known without a statement while no statement but the
   * writer's own inserts may have changed their rows since they were last read (one declared to
   * change other tables only, as an alert's insert, does not count); otherwise read in one statement.
   */
  rowCounts(tables: readonly string[]): Promise<Map<string, number>>;
  /** Runs one of the writer's insert statements into `table`, so that its change is not taken for someone else's. */
  inserting(table: string, insert: () => Promise<void>): Promise<void>;
  /**
   * The ids of `ids` the table may hold; the others it certainly does not. `rows` is the table's
   * row count if `rowCounts` just read it (under the same lock); otherwise it is read here. Starts
   * reading the stored ids into the filter when it has none or a stale one.
   */
  mayHold(table: string, ids: readonly string[], rows?: number): Promise<string[]>;
  /** Before an insert of these ids is tried. */
  adding(table: string, ids: readonly string[]): void;
  /** After the insert: `written` rows landed, or (undefined) no one knows how many. */
  added(table: string, written: number | undefined): void;
  /** Settles when the table's build under way ends: true when its filter now holds every stored id. */
  built(table: string): Promise<boolean>;
}

export interface StoredIdsOptions {
  /** Granules of ids a step of the build reads (tests make it small to watch writes beside a build). */
  stepMarks?: number;
}

const countRow = z.object({ name: z.string(), n: int64 });
const partitionRow = z.object({ partition: z.string() });
const boundRow = z.object({ partition: z.string(), bound: z.string() });

/** One StoredIds per database the engine keeps open, shared by all its writers in the process. */
const byScope = new WeakMap<object, StoredIds>();

/**
 * The warehouse's StoredIds, or undefined where another process may write (a ClickHouse server).
 * The first call for a database makes it, with that call's options.
 */
export function storedIdsOf(warehouse: Warehouse, log?: Logger, options: StoredIdsOptions = {}): StoredIds | undefined {
  const sole = warehouse.soleWriter;
  if (!sole) return undefined;
  let ids = byScope.get(sole.scope);
  if (!ids) {
    ids = createStoredIds(warehouse, sole, log?.child({ module: "stored-ids" }), options.stepMarks ?? defaultStepMarks);
    byScope.set(sole.scope, ids);
  }
  return ids;
}

function createStoredIds(warehouse: Warehouse, sole: SoleWriter, log: Logger | undefined, stepMarks: number): StoredIds {
  const tables = new Map<string, TableIds>();
  /**
   * Per counted table, what `sole.changes(table)` reads if no statement but the writer's own inserts
   * changed its rows since it was last counted. Writes run one at a time under the writer's lock, so
   * when the next write asks, every insert of the one before has ended.
   */
  const onlyOwnChangesAt = new Map<string, number>();

  /** Each table's row count, from one statement (the names are the writer's table names, never input). */
  async function countRows(names: readonly string[]): Promise<Map<string, number>> {
    const sql = names.map((table, i) => `SELECT {t${i}:String} AS name, count() AS n FROM ${table}`).join(" UNION ALL ");
    const rows = await warehouse.query(sql, Object.fromEntries(names.map((table, i) => [`t${i}`, table])), countRow);
    // The engine runs a statement alone: whatever changed rows before the count had ended, and is counted.
    for (const table of names) onlyOwnChangesAt.set(table, sole.changes(table));
    return new Map(rows.map((row) => [row.name, row.n]));
  }

  function rowCounts(names: readonly string[]): Promise<Map<string, number>> {
    const known = names.map((table) => tables.get(table)?.rows);
    const changedOutside = names.some((table) => onlyOwnChangesAt.get(table) !== sole.changes(table));
    if (changedOutside || known.some((rows) => rows === undefined)) return countRows(names);
    return Promise.resolve(new Map(names.map((table, i) => [table, known[i]!])));
  }

  /**
   * Each partition of the table, with bounds that cut its ids into ranges of about `stepMarks`
   * granules, from the primary index of its parts (the id at each granule's start), as hex: a
   * stored id need not be valid UTF-8. A range within one partition meets only that partition's
   * parts, so a step reads little beside its own granules.
   */
  function partitionSteps(table: string): Promise<Map<string, string[]>> {
    return whileWritesPaused(warehouse, async () => {
      const steps = new Map<string, string[]>();
      const partitions = await warehouse.query(
        "SELECT DISTINCT partition_id AS partition FROM system.parts WHERE database = currentDatabase() AND table = {table:String} AND active ORDER BY partition",
        { table },
        partitionRow,
      );
      for (const { partition } of partitions) steps.set(partition, []);
      const bounds = await warehouse.query(
        `SELECT partition, bound FROM (
           SELECT parts.partition_id AS partition, hex(marks.event_id) AS bound,
                  row_number() OVER (PARTITION BY parts.partition_id ORDER BY marks.event_id) AS n
           FROM mergeTreeIndex(currentDatabase(), ${table}) AS marks
           JOIN system.parts AS parts ON parts.name = marks.part_name
           WHERE parts.database = currentDatabase() AND parts.table = {table:String} AND parts.active
         )
         WHERE n % {marks:UInt64} = 0 ORDER BY partition, unhex(bound)`,
        { table, marks: stepMarks },
        boundRow,
      );
      for (const { partition, bound } of bounds) steps.get(partition)?.push(bound);
      return steps;
    });
  }

  /** The partition's ids after `after` up to `upTo` (either open) into the filter. */
  async function readStep(table: string, filter: BloomFilter, partition: string, after: string | undefined, upTo: string | undefined): Promise<void> {
    const range = [after === undefined ? "" : " AND event_id > unhex({after:String})", upTo === undefined ? "" : " AND event_id <= unhex({upTo:String})"];
    await sole.forEachString(
      `SELECT event_id FROM ${table} WHERE _partition_id = {partition:String}${range.join("")}`,
      { partition, ...(after === undefined ? {} : { after }), ...(upTo === undefined ? {} : { upTo }) },
      (bytes, start, end) => filter.addBytes(bytes, start, end),
    );
  }

  /**
   * Reads every stored id into the entry's filter, a range of one partition's ids at a time
   * between writes; false when another build replaced it. A partition's ranges cover every string,
   * so parts merged or added between steps change only how many ids a step reads.
   */
  async function fill(table: string, entry: TableIds): Promise<boolean> {
    const started = performance.now();
    const level = entry.rows! >= noticeableRows ? "info" : "debug";
    log?.[level]({ table, rows: entry.rows }, "reading stored event ids for the duplicate filter; writes look every id up meanwhile");
    let steps = 0;
    for (const [partition, bounds] of await partitionSteps(table)) {
      for (let step = 0; step <= bounds.length; step++) {
        // Between two writes: rows the writer inserts meanwhile are in the filter already, and the
        // row count check finds any other statement's.
        const going = await whileWritesPaused(warehouse, async () => {
          if (tables.get(table) !== entry) return false;
          await readStep(table, entry.filter, partition, bounds[step - 1], bounds[step]);
          return true;
        });
        if (!going) return false;
        steps += 1;
      }
    }
    entry.filled = true;
    log?.[level](
      { table, rows: entry.rows, steps, seconds: Math.round(performance.now() - started) / 1000, filter_mb: Math.round(entry.filter.byteLength / 2 ** 20) },
      "duplicate filter ready",
    );
    return true;
  }

  function build(table: string, rows: number): TableIds {
    const entry: TableIds = {
      filter: new BloomFilter(Math.max(minimumCapacity, rows * growth)),
      rows,
      filled: rows === 0,
      failed: false,
      built: Promise.resolve(true),
    };
    if (rows > 0) {
      entry.built = fill(table, entry).catch((err: unknown) => {
        entry.failed = true;
        log?.warn({ err, table }, "reading stored event ids for the duplicate filter failed; the next write starts again");
        return false;
      });
    }
    return entry;
  }

  /** The table's filter, its build started when absent, failed, outgrown, or behind the table's `rows`. */
  function current(table: string, rows: number): TableIds {
    let ids = tables.get(table);
    // After an insert of unknown outcome its ids are in the filter whether or not they landed.
    if (ids && ids.rows === undefined) ids.rows = rows;
    if (!ids || ids.failed || ids.rows !== rows || rows > ids.filter.capacity) {
      if (ids && ids.rows !== rows) log?.warn({ table, expected: ids.rows, rows }, "event table changed outside the writer; rebuilding the duplicate filter");
      ids = build(table, rows);
      tables.set(table, ids);
    }
    return ids;
  }

  return {
    rowCounts,
    inserting(table, insert) {
      const at = onlyOwnChangesAt.get(table);
      if (at !== undefined) onlyOwnChangesAt.set(table, at + 1);
      return insert();
    },
    async mayHold(table, ids, rows) {
      const { filter, filled } = current(table, rows ?? (await rowCounts([table])).get(table) ?? 0);
      return filled ? ids.filter((id) => filter.mayHold(id)) : [...ids];
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
    built: (table) => tables.get(table)?.built ?? Promise.resolve(false),
  };
}
