import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../infra/config.ts";
import { openWarehouse } from "../../infra/warehouse/open.ts";

const setting = z.object({ name: z.string(), value: z.string() });

/** TOURISM_ENGINE_MAX_MEMORY_MB as the embedded engine itself reports it. */
describe("the embedded engine's memory bound", () => {
  it("reaches the engine as its server memory limit, with its mark and primary index caches an eighth of it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-engine-memory-"));
    const config = loadConfig({ TOURISM_DATA_DIR: dataDir, TOURISM_ENGINE_MAX_MEMORY_MB: "512" });
    const warehouse = await openWarehouse(config);
    try {
      const rows = await warehouse.query(
        "SELECT name, value FROM system.server_settings WHERE name IN ('max_server_memory_usage', 'mark_cache_size', 'index_mark_cache_size', 'primary_index_cache_size') ORDER BY name",
        {},
        setting,
      );
      expect(rows).toEqual([
        { name: "index_mark_cache_size", value: String(64 * 2 ** 20) },
        { name: "mark_cache_size", value: String(64 * 2 ** 20) },
        { name: "max_server_memory_usage", value: String(512 * 2 ** 20) },
        { name: "primary_index_cache_size", value: String(64 * 2 ** 20) },
      ]);
    } finally {
      await warehouse.close();
    }
  });

  it("is refused below 64 MB, naming the variable", () => {
    expect(() => loadConfig({ TOURISM_ENGINE_MAX_MEMORY_MB: "16" })).toThrow(/^TOURISM_ENGINE_MAX_MEMORY_MB: /);
  });
});
