import { resolve } from "node:path";
import type { Config } from "../config.ts";
import type { Warehouse } from "./port.ts";

/**
 * The server when CLICKHOUSE_URL is set, else the embedded engine on TOURISM_DATA_DIR. Each adapter
 * is loaded only when opened: the embedded engine is a 560 MB library, and commands that never touch
 * the warehouse (`--help`, `sites`, `simulate --to file`) should not pay for loading it.
 */
export async function openWarehouse(config: Config, access: "write" | "read" = "write"): Promise<Warehouse> {
  if (!config.CLICKHOUSE_URL) {
    const { openEmbeddedWarehouse } = await import("./embedded.ts");
    return openEmbeddedWarehouse(resolve(config.TOURISM_DATA_DIR), config.CLICKHOUSE_DATABASE, { maxMemoryMb: config.TOURISM_ENGINE_MAX_MEMORY_MB });
  }
  const { openServerWarehouse } = await import("./server.ts");
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
