import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ConfigError } from "../infra/config.ts";
import type { Logger } from "../infra/logger.ts";
import type { Warehouse } from "../infra/warehouse/port.ts";

const migrationsDir = fileURLToPath(new URL("./migrations/", import.meta.url));

export class MigrationError extends Error {}

/** A store that lacks migrations this release brings: the reading commands refuse it in one line. */
export class StoreNotMigratedError extends ConfigError {}

/** A migration file holds statements separated by `;` at the end of a line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, "").trim())
    .filter((statement) => statement.length > 0);
}

/**
 * The migration files in the order they apply. Two files with one number would apply in an order
 * that depends on the rest of their names: refused.
 */
export async function migrationFiles(dir = migrationsDir): Promise<string[]> {
  const files = (await readdir(dir)).filter((name) => /^\d+_.+\.sql$/.test(name)).sort();
  const seen = new Map<string, string>();
  for (const name of files) {
    const number = name.slice(0, name.indexOf("_"));
    const other = seen.get(number);
    if (other) throw new MigrationError(`migrations ${other} and ${name} share the number ${number}`);
    seen.set(number, name);
  }
  return files;
}

/** Applies, in file-name order, each migration not yet recorded; returns the names applied. */
export async function migrate(warehouse: Warehouse, log: Logger, dir = migrationsDir): Promise<string[]> {
  await warehouse.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
     ENGINE = MergeTree ORDER BY name`,
  );
  const applied = await appliedMigrations(warehouse);
  const done: string[] = [];
  for (const name of (await migrationFiles(dir)).filter((file) => !applied.has(file))) {
    for (const statement of splitStatements(await readFile(join(dir, name), "utf8"))) {
      try {
        await warehouse.exec(statement);
      } catch (err) {
        throw new MigrationError(`migration ${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
    await warehouse.insert("schema_migrations", [{ name }]);
    log.info({ migration: name }, "migration applied");
    done.push(name);
  }
  return done;
}

const migrationRow = z.object({ name: z.string() });

/** The migrations the store records as applied (its `schema_migrations` exists). */
async function appliedMigrations(warehouse: Warehouse): Promise<Set<string>> {
  return new Set((await warehouse.query("SELECT name FROM schema_migrations", {}, migrationRow)).map((r) => r.name));
}

/**
 * Refuses a store that lacks migrations, before a reading command's first statement meets a missing
 * table or column. `store` names it for the reader (a data directory, a server's database).
 */
export async function requireMigrated(warehouse: Warehouse, store: string, dir = migrationsDir): Promise<void> {
  const files = await migrationFiles(dir);
  const recorded = await warehouse.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name = 'schema_migrations'", {}, migrationRow);
  const applied = recorded.length === 0 ? new Set<string>() : await appliedMigrations(warehouse);
  const pending = files.filter((file) => !applied.has(file));
  if (pending.length === 0) return;
  const what = pending.length === files.length ? "holds no tourism store yet" : `lacks ${pending.length} migration(s) from ${pending[0]}`;
  throw new StoreNotMigratedError(`${store} ${what}: run \`tourism migrate\` (or \`tourism start\`/\`run\`, which migrate on opening)`);
}
