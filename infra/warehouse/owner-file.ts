import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { Config } from "../config.ts";
import { readJsonFile } from "../files/read-json-file.ts";
import { isRunning } from "./data-dir-lock.ts";

/**
 * The process that owns an embedded data directory and answers for it on loopback: other commands
 * on the same directory go through its HTTP API instead of opening the engine (one process per
 * directory). The secret proves the caller can read the owner's files, as opening the directory would.
 */
const ownerSchema = z.object({
  command: z.enum(["start", "run", "serve"]),
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  secret: z.string().min(32),
});
export type DataDirOwner = z.infer<typeof ownerSchema>;

const ownerPath = (dataDir: string) => join(dataDir, "owner.json");

/** A fresh secret per process: the API is built with it before it listens and the owner file is written. */
export const ownerSecret = (): string => randomBytes(32).toString("base64url");

/** Written once the API listens; readable by the owner's user only. The returned function removes it on a clean stop. */
export async function claimDataDir(dataDir: string, owner: Omit<DataDirOwner, "pid">): Promise<() => Promise<void>> {
  const path = ownerPath(dataDir);
  await rm(path, { force: true }); // a stale file may have looser permissions; mode applies on creation only
  await writeFile(path, `${JSON.stringify({ ...owner, pid: process.pid })}\n`, { mode: 0o600, flag: "wx" });
  return () => rm(path, { force: true });
}

/** The running owner of the directory, or undefined: no file, an unreadable one, or a stale one (its pid is gone). */
export function dataDirOwner(dataDir: string): DataDirOwner | undefined {
  const parsed = readJsonFile(ownerPath(dataDir), ownerSchema);
  if (!parsed?.success || parsed.data.pid === process.pid || !isRunning(parsed.data.pid)) return undefined;
  return parsed.data;
}

/**
 * The running `start` or `serve` that holds the embedded data directory, if one does: the command
 * line then asks it instead of opening the engine. A server warehouse (CLICKHOUSE_URL) has no owner.
 */
export function configuredOwner(config: Config): DataDirOwner | undefined {
  return config.CLICKHOUSE_URL ? undefined : dataDirOwner(resolve(config.TOURISM_DATA_DIR));
}

/** The one line that tells the user which process answered for the data directory. */
export function announceOwner(owner: DataDirOwner): void {
  process.stderr.write(`answered by tourism ${owner.command} (pid ${owner.pid}) on 127.0.0.1:${owner.port}\n`);
}

/** The owner that will answer this command, announced; undefined when the command opens the engine itself. */
export function answeringOwner(config: Config): DataDirOwner | undefined {
  const owner = configuredOwner(config);
  if (owner) announceOwner(owner);
  return owner;
}
