import { copyFile, mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Logger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { UsageError } from "../../infra/cli/runtime.ts";
import { migrate } from "../../transforms/migrate.ts";
import { assertEmptyDirectory } from "./empty-directory.ts";
import { type BackupManifest, backupManifest, dataDirFilesDir, databaseDir, manifestFile } from "./manifest.ts";

/** The backup's manifest, checked: one line naming the source when it is not a finished backup. */
export async function readBackup(source: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(source, manifestFile), "utf8");
  } catch {
    throw new UsageError(`${source} is not a tourism backup: it has no ${manifestFile}`);
  }
  const parsed = backupManifest.safeParse(JSON.parse(text));
  if (!parsed.success) throw new UsageError(`${source}/${manifestFile} is not a backup manifest: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/**
 * Restores a backup into a new data directory: the engine's RESTORE of the database (renamed to the
 * configured one), the data directory's files, then the migrations a newer release brings, so an
 * older backup is upgraded. `openWarehouse` opens the (empty) directory once it has been checked.
 */
export async function restoreStore(
  source: string,
  dataDir: string,
  openWarehouse: () => Promise<Warehouse>,
  log: Logger,
): Promise<{ manifest: BackupManifest; migrations: string[] }> {
  const src = resolve(source);
  const manifest = await readBackup(src);
  await assertEmptyDirectory(dataDir, "data directory");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  for (const name of manifest.data_dir_files) await copyFile(join(src, dataDirFilesDir, name), join(dataDir, name));
  const warehouse = await openWarehouse();
  try {
    log.info({ source: src, tables: manifest.tables.length }, "restoring the database");
    await warehouse.exec(`RESTORE DATABASE ${manifest.database} AS ${warehouse.database} FROM File({path:String})`, {
      path: join(src, databaseDir),
    });
    return { manifest, migrations: await migrate(warehouse, log) };
  } finally {
    await warehouse.close();
  }
}
