import { z } from "zod";

/** The backup's own description, written last: a directory without it is not a finished backup. */
export const manifestFile = "backup.json";
/** The engine's BACKUP of the database, inside the backup directory. */
export const databaseDir = "database";
/** Files of the data directory (state files, a tokens file kept there), under their own names. */
export const dataDirFilesDir = "data-dir";
/** Files named by settings outside the data directory, one folder per setting. */
export const configuredFilesDir = "configured";

export const backupManifest = z.object({
  format: z.literal(1),
  created_at: z.string(),
  database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a database name"),
  /** Every table of the database at the snapshot, with its rows then. */
  tables: z.array(z.object({ name: z.string(), engine: z.string(), rows: z.number().int().nonnegative() })),
  migrations: z.array(z.string()),
  data_dir_files: z.array(z.string()),
  configured_files: z.array(z.object({ setting: z.string(), path: z.string(), copy: z.string() })),
});
export type BackupManifest = z.infer<typeof backupManifest>;
