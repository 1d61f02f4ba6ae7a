import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";

/** Another process has the embedded data directory open; the engine allows one process per directory. */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(`data directory ${dataDir} is in use by process ${holderPid}; stop it, or set TOURISM_DATA_DIR to another directory`);
  }
}

/** The engine's `status` file holds a few short lines; more than this is not its file. */
const statusMaxBytes = 4096;

/** The PID line of the engine's status file, or undefined when it is absent, unreadable or odd. */
function statusPid(statusPath: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(statusPath, "r");
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(statusMaxBytes);
    const text = buffer.subarray(0, readSync(fd, buffer, 0, statusMaxBytes, 0)).toString("latin1");
    const pid = Number(/^PID: (\d{1,10})$/m.exec(text)?.[1]);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether some process holds a lock on the file, where Linux tells (/proc/locks); undefined elsewhere.
 * A crashed holder leaves its status file behind and its PID may be reused: the lock itself decides.
 */
function isLocked(path: string): boolean | undefined {
  let locks: string;
  let inode: number;
  try {
    locks = readFileSync("/proc/locks", "latin1");
    inode = statSync(path).ino;
  } catch {
    return undefined;
  }
  const onFile = new RegExp(`^\\d+: FLOCK .* [0-9a-f]+:[0-9a-f]+:${inode} `);
  return locks.split("\n").some((line) => onFile.test(line));
}

/**
 * The process that holds the data directory, if another one does: the engine writes its PID to
 * `status` in the directory, locks that file, and removes it when it closes.
 */
function dataDirectoryHolder(dataDir: string): number | undefined {
  const statusPath = join(dataDir, "status");
  const pid = statusPid(statusPath);
  if (pid === undefined || pid === process.pid || !isRunning(pid)) return undefined;
  return isLocked(statusPath) === false ? undefined : pid;
}

/**
 * Throws DataDirectoryLockedError when another process holds the directory. Checked before the
 * engine opens it, because the engine prints its own lock message on stderr when it fails.
 */
export function assertDataDirectoryFree(dataDir: string): void {
  const holder = dataDirectoryHolder(dataDir);
  if (holder !== undefined) throw new DataDirectoryLockedError(dataDir, holder);
}
