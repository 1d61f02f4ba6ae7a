import { open, readFile, rename } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { UsageError } from "../../../infra/cli/runtime.ts";

/** How far a file has been sent: its last line the collector acknowledged, and how many of its lines were rejected. */
export interface FileProgress {
  line: number;
  rejected: number;
}

const progressFileSchema = z.object({
  files: z.record(z.string(), z.object({ line: z.int().nonnegative(), rejected: z.int().nonnegative() })),
});

/** Where a file's progress is kept when no --state is given: beside it. */
export const progressPathBeside = (file: string) => `${file}.send-progress.json`;

export interface SendProgress {
  of(file: string): FileProgress;
  /** Records a file's progress, atomically: a crash leaves the old record or the new one, never half of one. */
  record(file: string, progress: FileProgress): Promise<void>;
}

/**
 * The progress of `files`, each in the file beside it or all in `statePath`: a restarted send skips
 * the lines acknowledged before. Keys are absolute paths, so a send from another directory finds them.
 */
export async function openSendProgress(files: readonly string[], statePath: string | undefined): Promise<SendProgress> {
  const where = new Map(files.map((file) => [resolve(file), resolve(statePath ?? progressPathBeside(file))]));
  const kept = new Map<string, Record<string, FileProgress>>();
  for (const path of new Set(where.values())) kept.set(path, await readProgressFile(path));
  return {
    of: (file) => kept.get(where.get(resolve(file))!)![resolve(file)] ?? { line: 0, rejected: 0 },
    async record(file, progress) {
      const path = where.get(resolve(file))!;
      const entries = kept.get(path)!;
      entries[resolve(file)] = progress;
      await writeAtomically(path, `${JSON.stringify({ files: entries })}\n`);
    },
  };
}

async function readProgressFile(path: string): Promise<Record<string, FileProgress>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new UsageError(`progress file ${path}: ${(err as Error).message}`);
  }
  try {
    return progressFileSchema.parse(JSON.parse(text)).files;
  } catch {
    throw new UsageError(`progress file ${path}: not a send progress file; remove it to send every line again`);
  }
}

/** Write, flush to disk, then rename over the old file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, "w", 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}
