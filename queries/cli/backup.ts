import { resolve } from "node:path";
import { UsageError, type Runtime } from "../../infra/cli/runtime.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { openWarehouse } from "../../infra/warehouse/open.ts";
import { answeringOwner } from "../../infra/warehouse/owner-file.ts";
import { backUpStore } from "../../ingest/backup/back-up-store.ts";
import { assertEmptyDirectory } from "../../ingest/backup/empty-directory.ts";
import { ownerBackup } from "../../ingest/backup/local-backup.ts";
import type { BackupManifest } from "../../ingest/backup/manifest.ts";
import { restoreStore } from "../../ingest/backup/restore-store.ts";

const summary = (manifest: BackupManifest) => manifest.tables.map((t) => `${t.name} ${t.rows}`).join(", ");

/** `tourism backup DEST`: through the running owner of the data directory, or on the directory itself. */
export async function backUp({ config, log }: Runtime, dest: string): Promise<void> {
  if (config.CLICKHOUSE_URL) throw new UsageError("tourism backup backs up the embedded store; back up a ClickHouse server with its own BACKUP");
  const destination = resolve(dest);
  await assertEmptyDirectory(destination, "backup destination");
  const owner = answeringOwner(config);
  let manifest: BackupManifest;
  if (owner) manifest = await ownerBackup(owner, destination);
  else {
    const warehouse = await openWarehouse(config);
    try {
      manifest = await backUpStore(warehouse, config, destination, log.child({ module: "backup" }));
    } finally {
      await warehouse.close();
    }
  }
  process.stdout.write(`backed up ${manifest.tables.length} tables into ${destination}: ${summary(manifest)}\n`);
  for (const file of manifest.configured_files) process.stdout.write(`kept ${file.setting} (${file.path}) as ${file.copy}\n`);
}

/** `tourism restore SRC --data-dir DIR`. */
export async function restore({ config, log }: Runtime, src: string, dataDir: string): Promise<void> {
  const dir = resolve(dataDir);
  const { manifest, migrations } = await restoreStore(src, dir, () => openEmbeddedWarehouse(dir, config.CLICKHOUSE_DATABASE), log.child({ module: "restore" }));
  process.stdout.write(`restored ${manifest.tables.length} tables into ${dir}: ${summary(manifest)}\n`);
  process.stdout.write(migrations.length === 0 ? "schema up to date: no migration to apply\n" : `applied ${migrations.length}: ${migrations.join(", ")}\n`);
  for (const file of manifest.configured_files) process.stdout.write(`${file.setting} was ${file.path}: its copy is ${resolve(src, file.copy)}\n`);
}
