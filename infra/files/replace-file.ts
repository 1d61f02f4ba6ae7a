import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces the file at `path` whole, with exactly `mode`: the content goes to a new file in the same
 * directory, is synced, and takes the name by a rename, so a reader (a server polling the file) sees
 * the old content or the new and never a part, and a crash leaves one of the two.
 */
export async function replaceFile(path: string, content: string, mode: number): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const file = await open(temporary, "wx", mode);
  try {
    await file.chmod(mode); // the umask may have taken bits away; none may be added
    await file.writeFile(content);
    await file.sync();
  } catch (err) {
    await file.close();
    await rm(temporary, { force: true });
    throw err;
  }
  await file.close();
  try {
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  // The rename is the directory's change: synced, it survives a power loss too.
  const directory = await open(dirname(path), "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
