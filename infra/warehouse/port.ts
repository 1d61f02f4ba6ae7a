import type { z } from "zod";
import type { WarehouseFailure } from "./failure.ts";

/** Values bound to `{name:Type}` placeholders; never spliced into SQL text. */
export type QueryParams = Record<string, unknown>;

/**
 * The warehouse as the pipeline sees it. Both adapters return rows with the same JS types for the
 * same SQL: 64-bit integers and decimals arrive as strings and are parsed by the caller's row
 * schema (see rows.ts), dates as `YYYY-MM-DD`, nulls as null.
 */
export interface Warehouse {
  readonly engine: "embedded" | "server";
  readonly database: string;
  /** Runs one statement (DDL, INSERT … SELECT, ALTER) and waits for it. */
  exec(sql: string, params?: QueryParams, options?: ExecOptions): Promise<void>;
  /** Runs a SELECT and validates every row with `row`. */
  query<T>(sql: string, params: QueryParams, row: z.ZodType<T>, options?: QueryOptions): Promise<T[]>;
  /**
   * Appends rows to a table of this database: objects keyed by column (a column a row leaves out
   * takes its default), or rows already encoded as lines.
   */
  insert(table: string, rows: readonly Record<string, unknown>[] | EncodedRows): Promise<void>;
  /** Present only where no other process can write this database (see SoleWriter). */
  readonly soleWriter?: SoleWriter;
  close(): Promise<void>;
}

export interface QueryOptions {
  /**
   * The read need not see the rows of inserts still running when it is queued: an engine that
   * runs statements one at a time (the embedded one) may run it beside them rather than after
   * them, so that it holds no write up. A server runs every statement beside the others anyway.
   */
  besideInserts?: boolean;
}

export interface ExecOptions {
  /**
   * The tables of this database the statement may change, as its caller knows them (see
   * SoleWriter.changes); absent, it may change any table.
   */
  changes?: readonly string[];
}

/**
 * The embedded engine's data directory is locked to one process, so whatever this process writes
 * is all that gets written: a writer may keep in memory what it knows about the stored rows.
 */
export interface SoleWriter {
  /** The same object for every handle on this database while the engine keeps it open; a new one after. */
  readonly scope: object;
  /**
   * Runs a SELECT of one String column and hands each value to `visit` as its UTF-8 bytes
   * (`bytes[start..end)`, valid only during the call), without making JS strings of them.
   */
  forEachString(sql: string, params: QueryParams, visit: (bytes: Uint8Array, start: number, end: number) => void): Promise<void>;
  /**
   * How many statements that may change the rows of `table` of this database the engine has
   * finished on this data directory, whichever handle ran them, counted as each ends, failed or
   * not: every `insert` into it, every `exec` that names it in its `changes`, and every `exec` that
   * names none (it may change anything). A writer that knows which of them were its own knows when
   * no one else changed the table. `query` and `forEachString` only read.
   */
  changes(table: string): number;
}

export class WarehouseError extends Error {
  constructor(
    message: string,
    /** See failure.ts: retry it, isolate the refused rows, or call a person. */
    readonly failure: WarehouseFailure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "WarehouseError";
  }

  get retryable(): boolean {
    return this.failure === "transient";
  }
}

/** Rows encoded once by their producer: one JSONCompactEachRow line (a JSON array of `columns`' values) a row. */
export interface EncodedRows {
  columns: readonly string[];
  lines: readonly string[];
}

export function rowCount(rows: readonly Record<string, unknown>[] | EncodedRows): number {
  return "lines" in rows ? rows.lines.length : rows.length;
}

/**
 * Settings both engines apply to every statement. The output settings make JSON types match across
 * adapters. Compiling is off: the engine compiles an expression or an aggregate to machine code
 * at its third use, 25–60 ms of CPU each on a 2-core machine, spent inside whichever request
 * happens to be the third; the statements here aggregate a few thousand rows, where compiled code
 * saved a millisecond or two at most.
 */
export const sessionSettings = {
  output_format_json_quote_64bit_integers: 1,
  output_format_json_quote_decimals: 1,
  output_format_decimal_trailing_zeros: 1,
  date_time_output_format: "iso",
  compile_expressions: 0,
  compile_aggregate_expressions: 0,
} as const;

/**
 * Rows as JSONCompactEachRow (one JSON array a row, for the columns named once): the engine parses
 * it faster than JSONEachRow. A column some row leaves out is null there, which the engine's
 * default settings turn into the column's default, as JSONEachRow does for an absent key.
 */
export function toJsonCompactEachRow(rows: readonly Record<string, unknown>[] | EncodedRows): { columns: readonly string[]; body: string } {
  if ("lines" in rows) return { columns: rows.columns, body: `${rows.lines.join("\n")}\n` };
  const names = new Set<string>();
  for (const row of rows) for (const name in row) names.add(name);
  const columns = [...names];
  let body = "";
  for (const row of rows) body += `${JSON.stringify(columns.map((name) => row[name]))}\n`;
  return { columns, body };
}

/** Parses JSONEachRow text and validates each row; a mismatch names the row. */
export function parseRows<T>(text: string, row: z.ZodType<T>): T[] {
  const out: T[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const parsed = row.safeParse(JSON.parse(line));
    if (!parsed.success) {
      throw new WarehouseError(`row from warehouse does not match its schema: ${parsed.error.message} in ${line.slice(0, 200)}`, "fatal");
    }
    out.push(parsed.data);
  }
  return out;
}
