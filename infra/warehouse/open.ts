import { resolve } from "node:path";
import type { Config } from "../config.ts";
import { openEmbeddedWarehouse } from "./embedded.ts";
import type { Warehouse } from "./port.ts";
import { openServerWarehouse } from "./server.ts";

/** The server when CLICKHOUSE_URL is set, else the embedded engine on TOURISM_DATA_DIR. */
export function openWarehouse(config: Config, access: "write" | "read" = "write"): Promise<Warehouse> {
  if (!config.CLICKHOUSE_URL) return openEmbeddedWarehouse(resolve(config.TOURISM_DATA_DIR), config.CLICKHOUSE_DATABASE);
  const readOnly = access === "read" && config.CLICKHOUSE_READONLY_USER !== undefined;
  return openServerWarehouse(
    {
      url: config.CLICKHOUSE_URL,
      user: readOnly ? config.CLICKHOUSE_READONLY_USER! : config.CLICKHOUSE_USER,
      password: readOnly ? config.CLICKHOUSE_READONLY_PASSWORD : config.CLICKHOUSE_PASSWORD,
      database: config.CLICKHOUSE_DATABASE,
    },
    !readOnly,
  );
}
