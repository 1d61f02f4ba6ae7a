import { copyFile, cp, mkdir, readdir, writeFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { z } from "zod";
import type { Config } from "../../infra/config.ts";
import type { Logger } from "../../infra/logger.ts";
import { WarehouseError, type Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { whileWritesPaused } from "../write/writes-paused.ts";
import { assertEmptyDirectory } from "./empty-directory.ts";
import { type BackupManifest, configuredFilesDir, dataDirFilesDir, databaseDir, manifestFile } from "./manifest.ts";

const tableRow = z.object({ name: z.string(), engine: z.string(), rows: int64 });
const migrationRow = z.object({ name: z.string() });

/** Settings that name files the store is read with; kept in the backup when they lie outside the data directory. */
const fileSettings = ["TOURISM_TOKENS", "TOURISM_REGISTER", "TOURISM_FESTIVALS", "TOURISM_HOLIDAYS"] as const;
/** The owner file names a running process and its secret: never part of a backup. */
const ownerFile = "owner.json";

/**
 * A consistent backup of the embedded store into `destination` (absent or empty): the engine's
 * BACKUP of every table of the database, taken while every event writer of this process is paused,
 * so each write is entirely in it or not at all; then the data directory's own files and the files
 * the settings name. The manifest, written last, lists the tables with their rows as counted just
 * before the BACKUP: exact for the event tables, whose writers are paused; alerts and the bulletins
 * archive are written beside them (the alert outbox records its attempts), so a row may land between.
 */
export async function backUpStore(warehouse: Warehouse, config: Config, destination: string, log: Logger): Promise<BackupManifest> {
  if (warehouse.engine !== "embedded")
    throw new WarehouseError("tourism backup works on the embedded engine; back up a ClickHouse server with its own BACKUP", "fatal");
  const dest = resolve(destination);
  await assertEmptyDirectory(dest, "backup destination");
  await mkdir(dest, { recursive: true, mode: 0o700 });
  const started = performance.now();
  const { tables, migrations } = await whileWritesPaused(warehouse, async () => {
    // No event lands between the counts and the BACKUP: every event writer of this process waits.
    const tables = await warehouse.query(
      "SELECT name, engine, total_rows AS rows FROM system.tables WHERE database = currentDatabase() AND NOT is_temporary ORDER BY name",
      {},
      tableRow,
    );
    log.info({ tables: tables.length, rows: tables.reduce((sum, t) => sum + t.rows, 0) }, "backing up the database");
    await warehouse.exec(`BACKUP DATABASE ${warehouse.database} TO File({path:String})`, { path: join(dest, databaseDir) });
    const migrations = tables.some((t) => t.name === "schema_migrations")
      ? (await warehouse.query("SELECT name FROM schema_migrations ORDER BY name", {}, migrationRow)).map((r) => r.name)
      : [];
    return { tables, migrations };
  });
  const dataDir = resolve(config.TOURISM_DATA_DIR);
  const dataDirFiles = await copyDataDirFiles(dataDir, join(dest, dataDirFilesDir));
  const configuredFiles = [];
  for (const setting of fileSettings) {
    const path = config[setting];
    if (path === undefined || !relative(dataDir, resolve(path)).startsWith("..")) continue; // inside: copied with the data directory
    const copy = join(configuredFilesDir, setting, basename(path));
    await mkdir(join(dest, configuredFilesDir, setting), { recursive: true });
    await cp(path, join(dest, copy), { recursive: true });
    configuredFiles.push({ setting, path: resolve(path), copy });
  }
  const manifest: BackupManifest = {
    format: 1,
    created_at: new Date().toISOString(),
    database: warehouse.database,
    tables,
    migrations,
    data_dir_files: dataDirFiles,
    configured_files: configuredFiles,
  };
  await writeFile(join(dest, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  log.info({ destination: dest, tables: tables.length, seconds: Math.round(performance.now() - started) / 1000 }, "backup done");
  return manifest;
}

/** The data directory's own files (state, a tokens file kept there): its top-level regular files but the owner file and the engine's. */
async function copyDataDirFiles(dataDir: string, into: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(dataDir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name === ownerFile || !entry.name.endsWith(".json")) continue;
    if (names.length === 0) await mkdir(into, { mode: 0o700 });
    await copyFile(join(dataDir, entry.name), join(into, entry.name));
    names.push(entry.name);
  }
  return names;
}
