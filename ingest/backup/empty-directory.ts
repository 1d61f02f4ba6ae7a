import { readdir } from "node:fs/promises";
import { UsageError } from "../../infra/cli/runtime.ts";

/** A backup or restore writes only into a directory that is absent or empty, so it never mixes with or overwrites anything. */
export async function assertEmptyDirectory(path: string, what: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new UsageError(`${what} ${path} exists and is not an empty directory`);
  }
  if (entries.length > 0) throw new UsageError(`${what} ${path} exists and is not empty`);
}
