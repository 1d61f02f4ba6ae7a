import { Command } from "commander";
import type { Runtime } from "../../infra/cli/runtime.ts";

/** `tourism backup DEST`: a consistent copy of the store, asked of the running owner when there is one. */
export function backupCommand(runtime: () => Runtime): Command {
  return new Command("backup")
    .description("back the embedded store up into DEST (absent or empty): every table, consistent with writes, and the data directory's files")
    .argument("<dest>", "a directory that does not exist yet, or an empty one")
    .action(async (dest: string) => (await import("./backup.ts")).backUp(runtime(), dest));
}

/** `tourism restore SRC --data-dir DIR`: a backup into a new data directory, then the migrations. */
export function restoreCommand(runtime: () => Runtime): Command {
  return new Command("restore")
    .description("restore a backup into a new (absent or empty) data directory, then apply the migrations this release brings")
    .argument("<src>", "a directory written by tourism backup")
    .requiredOption("--data-dir <dir>", "the data directory to create (absent or empty)")
    .action(async (src: string, options: { dataDir: string }) => (await import("./backup.ts")).restore(runtime(), src, options.dataDir));
}
