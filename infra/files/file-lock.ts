import { randomBytes } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { isRunning } from "../warehouse/data-dir-lock.ts";

/** Another process held the lock longer than the caller would wait. */
export class FileLockTimeout extends Error {}

const retryMs = 25;

/** The pid written in a lock file, or undefined when it has none (being written, or gone). */
async function holderOf(lockPath: string): Promise<{ pid: number; text: string } | undefined> {
  const text = await readFile(lockPath, "utf8").catch(() => undefined);
  const pid = Number(text?.split(" ")[0]);
  return text !== undefined && Number.isSafeInteger(pid) && pid > 0 ? { pid, text } : undefined;
}

/**
 * Runs `work` while this process holds `<path>.lock`, so that read-change-write cycles of processes
 * sharing the file do not overwrite each other. The lock file is created exclusively and holds the
 * holder's pid; one whose pid is gone (a holder that crashed) is taken over, after its content is
 * read again unchanged. Waits at most `waitMs` for a live holder.
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>, waitMs = 10_000): Promise<T> {
  const lockPath = `${path}.lock`;
  const mine = `${process.pid} ${randomBytes(8).toString("hex")}\n`;
  const started = Date.now();
  for (;;) {
    try {
      await writeFile(lockPath, mine, { flag: "wx", mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = await holderOf(lockPath);
    if (holder && !isRunning(holder.pid) && (await holderOf(lockPath))?.text === holder.text) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() - started > waitMs) {
      throw new FileLockTimeout(
        `${lockPath} is held by process ${holder?.pid ?? "unknown"} for more than ${Math.round(waitMs / 1000)} s; remove the file if that process is not a tourism command`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  try {
    return await work();
  } finally {
    // Only our own lock: a holder that waited out a stale one never removes the next holder's.
    if ((await readFile(lockPath, "utf8").catch(() => undefined)) === mine) await rm(lockPath, { force: true });
  }
}
