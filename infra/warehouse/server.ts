import { type ClickHouseClient, createClient } from "@clickhouse/client";
import type { z } from "zod";
import { classifyFailure } from "./failure.ts";
import { type QueryParams, type Warehouse, WarehouseError, sessionSettings, parseRows, rowCount } from "./port.ts";

export interface ServerOptions {
  url: string;
  user: string;
  password: string;
  database: string;
}

function wrap(err: unknown): WarehouseError {
  const message = err instanceof Error ? err.message : String(err);
  return new WarehouseError(message, classifyFailure(err), { cause: err });
}

/** A ClickHouse server through @clickhouse/client; creates its database when `create` is set. */
export async function openServerWarehouse(options: ServerOptions, create = true): Promise<Warehouse> {
  const base = { url: options.url, username: options.user, password: options.password };
  if (create) {
    const admin = createClient(base);
    try {
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${options.database}` });
    } catch (err) {
      throw wrap(err);
    } finally {
      await admin.close();
    }
  }
  const client: ClickHouseClient = createClient({
    ...base,
    database: options.database,
    clickhouse_settings: sessionSettings,
  });
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw err instanceof WarehouseError ? err : wrap(err);
    }
  };
  return {
    engine: "server",
    database: options.database,
    exec: (sql, params = {}) => guard(async () => void (await client.command({ query: sql, query_params: params }))),
    query: <T>(sql: string, params: QueryParams, row: z.ZodType<T>) =>
      guard(async () => {
        const result = await client.query({ query: sql, query_params: params, format: "JSONEachRow" });
        return parseRows(await result.text(), row);
      }),
    insert: (table, rows) =>
      rowCount(rows) === 0
        ? Promise.resolve()
        : guard(async () => {
            // The client encodes rows itself: encoded lines go back to their values for it.
            if ("lines" in rows) {
              const values = rows.lines.map((line) => JSON.parse(line) as unknown[]);
              await client.insert({ table, values, format: "JSONCompactEachRow", columns: [...rows.columns] as [string, ...string[]] });
            } else await client.insert({ table, values: rows as Record<string, unknown>[], format: "JSONEachRow" });
          }),
    close: () => client.close(),
  };
}
