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
  exec(sql: string, params?: QueryParams): Promise<void>;
  /** Runs a SELECT and validates every row with `row`. */
  query<T>(sql: string, params: QueryParams, row: z.ZodType<T>): Promise<T[]>;
  /** Appends rows (objects keyed by column) to a table of this database. */
  insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
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

/** Output settings both engines apply, so that JSON types match across adapters. */
export const jsonOutputSettings = {
  output_format_json_quote_64bit_integers: 1,
  output_format_json_quote_decimals: 1,
  output_format_decimal_trailing_zeros: 1,
  date_time_output_format: "iso",
} as const;

export function toJsonEachRow(rows: readonly Record<string, unknown>[]): string {
  let body = "";
  for (const row of rows) body += `${JSON.stringify(row)}\n`;
  return body;
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
