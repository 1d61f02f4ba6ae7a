import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../infra/config.ts";
import { createLogger } from "../../infra/logger.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { backUpStore } from "../../ingest/backup/back-up-store.ts";
import { migrate } from "../../transforms/migrate.ts";
import { exited, spawnTourism } from "../support/child.ts";

/** A backup made before this release's last migration is upgraded by `tourism restore`. */
describe("tourism restore of an older backup", () => {
  it("applies the migrations the backup lacks", async () => {
    const work = mkdtempSync(join(tmpdir(), "tourism-restore-upgrade-"));
    const migrations = fileURLToPath(new URL("../../transforms/migrations/", import.meta.url));
    const newest = readdirSync(migrations)
      .filter((name) => name.endsWith(".sql"))
      .sort()
      .at(-1)!;
    const older = join(work, "older-migrations");
    cpSync(migrations, older, { recursive: true });
    rmSync(join(older, newest));
    const log = createLogger("silent");
    const dataDir = join(work, "old-store");
    const warehouse = await openEmbeddedWarehouse(dataDir, "tourism");
    try {
      await migrate(warehouse, log, older);
      await backUpStore(warehouse, loadConfig({ TOURISM_DATA_DIR: dataDir }), join(work, "backup"), log);
    } finally {
      await warehouse.close();
    }
    const child = spawnTourism(["restore", join(work, "backup"), "--data-dir", join(work, "restored")], {});
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await exited(child)).toBe(0);
    expect(stdout).toContain(`applied 1: ${newest}\n`);
  }, 120_000);
});
