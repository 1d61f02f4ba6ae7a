import { mkdirSync } from "node:fs";
import { Session } from "chdb";
import type { z } from "zod";
import { assertDataDirectoryFree } from "./data-dir-lock.ts";
import { classifyFailure } from "./failure.ts";
import {
  type QueryOptions,
  type QueryParams,
  type SoleWriter,
  type Warehouse,
  WarehouseError,
  sessionSettings,
  parseRows,
  rowCount,
  toJsonCompactEachRow,
} from "./port.ts";

/**
 * The embedded engine: ClickHouse in process (chdb) on a data directory. chdb allows one data
 * directory per process and `USE` is session-wide, so handles on the same directory share one
 * session and run their statements one at a time, each in its own database.
 */
interface SharedSession {
  session: Session;
  currentDatabase: string;
  tail: Promise<unknown>;
  /**
   * The inserts (and reads beside them) last queued, while nothing else was queued after them: a
   * next one in their database runs beside them once `ready`.
   */
  inserts?: { database: string; ready: Promise<void> };
  handles: number;
  /** SoleWriter.scope per database. */
  writerScopes: Map<string, object>;
  /** SoleWriter.changes: statements that may change rows, counted as they end. */
  changes: ChangeCounts;
}

/** Statements that may have changed any table, and those known to change only some, by `database.table`. */
interface ChangeCounts {
  anyTable: number;
  byTable: Map<string, number>;
}

const sessions = new Map<string, SharedSession>();

/** How much memory the engine may take; unset, ClickHouse's own default (90% of the machine's). */
export interface EngineSettings {
  maxMemoryMb?: number;
}

/**
 * `BACKUP … TO File(path)` and `RESTORE … FROM File(path)` need an allowed path; every path is
 * allowed, since the engine runs as this process, which may write wherever its user may anyway.
 * A memory bound is the server's `max_server_memory_usage`: statements past it fail (a transient
 * failure, retried), and the engine hands freed pages back to the system once they pass a fifth of
 * it; its caches of marks and primary index keep to an eighth each, as the bound leaves room for.
 */
function connectionArgs(engine: EngineSettings): string[] {
  const args = [...Object.entries(sessionSettings).map(([name, value]) => `--${name}=${value}`), "--backups.allowed_path=/"];
  if (engine.maxMemoryMb !== undefined) {
    const bytes = engine.maxMemoryMb * 2 ** 20;
    args.push(`--max_server_memory_usage=${bytes}`);
    for (const cache of ["mark_cache_size", "index_mark_cache_size", "primary_index_cache_size"]) args.push(`--${cache}=${Math.floor(bytes / 8)}`);
  }
  return args;
}

function shared(dataDir: string, engine: EngineSettings): SharedSession {
  let entry = sessions.get(dataDir);
  if (!entry) {
    if (sessions.size > 0) {
      throw new WarehouseError(`chdb already has ${[...sessions.keys()][0]} open; one data directory per process`, "fatal");
    }
    mkdirSync(dataDir, { recursive: true });
    assertDataDirectoryFree(dataDir);
    let session: Session;
    try {
      session = new Session(dataDir, { connectionArgs: connectionArgs(engine) });
    } catch (err) {
      assertDataDirectoryFree(dataDir); // taken since the check above
      throw err;
    }
    entry = { session, currentDatabase: "default", tail: Promise.resolve(), handles: 0, writerScopes: new Map(), changes: { anyTable: 0, byTable: new Map() } };
    sessions.set(dataDir, entry);
  }
  return entry;
}

/** chdb's typed errors carry the ClickHouse code; the message keeps its first line only. */
export function toWarehouseError(err: unknown): WarehouseError {
  const message = err instanceof Error ? err.message : String(err);
  return new WarehouseError(message.split("\n")[0] ?? message, classifyFailure(err), { cause: err });
}

/** The engine settings apply when this opens the data directory's session; later handles share it. */
export async function openEmbeddedWarehouse(dataDir: string, database: string, engine: EngineSettings = {}): Promise<Warehouse> {
  const entry = shared(dataDir, engine);
  entry.handles += 1;
  let closed = false;

  /** Serialises work on the shared session and switches to this handle's database first. */
  const run = <T>(work: (session: Session) => Promise<T>, inDatabase = true): Promise<T> => {
    if (closed) return Promise.reject(new WarehouseError("warehouse is closed", "fatal"));
    const next = entry.tail.then(async () => {
      if (inDatabase && entry.currentDatabase !== database) {
        await entry.session.queryAsync(`USE ${database}`);
        entry.currentDatabase = database;
      }
      return work(entry.session);
    });
    entry.tail = next.catch(() => undefined);
    entry.inserts = undefined;
    return failingAsWarehouseError(next);
  };

  /**
   * Inserts queued one after another into this database run together, each part written and
   * fsynced beside the others (a write's tickets and footfall), and so do reads that need not see
   * them (QueryOptions.besideInserts); any other statement waits for all.
   */
  const runBeside = <T>(work: (session: Session) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new WarehouseError("warehouse is closed", "fatal"));
    let group = entry.inserts;
    if (group?.database !== database) {
      const ready = entry.tail.then(async () => {
        if (entry.currentDatabase !== database) {
          await entry.session.queryAsync(`USE ${database}`);
          entry.currentDatabase = database;
        }
      });
      const started = { database, ready };
      // After a failed switch, the next insert tries again.
      ready.catch(() => {
        if (entry.inserts === started) entry.inserts = undefined;
      });
      entry.inserts = group = started;
    }
    const next = group.ready.then(() => work(entry.session));
    entry.tail = Promise.allSettled([entry.tail, next]);
    return failingAsWarehouseError(next);
  };

  await run(async (session) => {
    await session.queryAsync(`CREATE DATABASE IF NOT EXISTS ${database}`);
  }, false).catch((err) => {
    entry.handles -= 1;
    throw err;
  });

  let scope = entry.writerScopes.get(database);
  if (!scope) {
    scope = {};
    entry.writerScopes.set(database, scope);
  }
  const soleWriter: SoleWriter = {
    scope,
    forEachString: (sql, params, visit) =>
      run(async (session) => {
        const result = await session.queryBindAsync(sql, params, { format: "RowBinary" });
        forEachRowBinaryString(result.bytes(), visit);
      }),
    changes: (table) => entry.changes.anyTable + (entry.changes.byTable.get(`${database}.${table}`) ?? 0),
  };
  /** A statement that may change rows of `tables` (undefined: of any), counted once it has ended however it ended. */
  const changing = (tables: readonly string[] | undefined, work: Promise<void>): Promise<void> =>
    work.finally(() => {
      const { changes } = entry;
      if (tables === undefined) changes.anyTable += 1;
      else for (const key of new Set(tables.map((table) => `${database}.${table}`))) changes.byTable.set(key, (changes.byTable.get(key) ?? 0) + 1);
    });

  return {
    engine: "embedded",
    database,
    exec: (sql, params = {}, options = {}) =>
      changing(
        options.changes,
        run(async (session) => {
          await session.queryBindAsync(sql, params, { format: "TSV" });
        }),
      ),
    query: <T>(sql: string, params: QueryParams, row: z.ZodType<T>, options: QueryOptions = {}) =>
      (options.besideInserts ? runBeside : run)(async (session) => {
        const result = await session.queryBindAsync(sql, params, { format: "JSONEachRow" });
        return parseRows(result.text(), row);
      }),
    insert: (table, rows) =>
      rowCount(rows) === 0
        ? Promise.resolve()
        : changing(
            [table],
            runBeside(async (session) => {
              const { columns, body } = toJsonCompactEachRow(rows);
              await session.insert({ table, values: Buffer.from(body), format: "JSONCompactEachRow", columns });
            }),
          ),
    soleWriter,
    close: async () => {
      if (closed) return;
      await entry.tail;
      closed = true;
      entry.handles -= 1;
      if (entry.handles === 0) {
        entry.session.close();
        sessions.delete(dataDir);
      }
    },
  };
}

function failingAsWarehouseError<T>(work: Promise<T>): Promise<T> {
  return work.catch((err: unknown) => {
    throw err instanceof WarehouseError ? err : toWarehouseError(err);
  });
}

/** RowBinary of one String column: each value is its byte length (unsigned LEB128), then the bytes. */
function forEachRowBinaryString(bytes: Uint8Array, visit: (bytes: Uint8Array, start: number, end: number) => void): void {
  let at = 0;
  while (at < bytes.length) {
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!;
      length += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    if (at + length > bytes.length) throw new WarehouseError("RowBinary result ends inside a value", "fatal");
    visit(bytes, at, at + length);
    at += length;
  }
}
