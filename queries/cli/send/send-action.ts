import { IncompleteError, type Runtime, UsageError } from "../../../infra/cli/runtime.ts";
import { startProgress } from "../../../infra/progress.ts";
import { readableSize, UnreadableFileError } from "../../../ingest/import/file-bytes.ts";
import { SendRefusedError } from "./collector-client.ts";
import { sendFiles } from "./send-files.ts";

/** What `tourism send` was given on its command line. */
export interface SendCommandOptions {
  url: URL;
  batchSize: number;
  rejects: string;
  state?: string;
  retries: number;
  concurrency: number;
}

/**
 * `tourism send`: exit 0 when every line was stored (or queued) now or before; 3 when lines were
 * rejected (the rejects file has them); 2 for an argument or file that cannot be used; 1 when the
 * collector refused the sender or stayed unavailable (what was acknowledged is recorded; run it again).
 */
export async function sendEventFiles(rt: Runtime, files: string[], options: SendCommandOptions): Promise<void> {
  const token = rt.config.TOURISM_TOKEN;
  if (!token) throw new UsageError("TOURISM_TOKEN: not set; put the sender's token there (a flag would show it in the process list)");
  const sizes = files.map((file) => {
    try {
      return readableSize(file);
    } catch (err) {
      throw new UsageError(`files: ${(err as Error).message}`);
    }
  });
  const log = rt.log.child({ module: "send" });
  const progress = startProgress(
    "send",
    sizes.reduce((a, b) => a + b, 0),
    "bytes",
    log,
  );
  const summary = await sendFiles(files, {
    client: { url: options.url, token, retries: options.retries, onRetry: (waitMs, why) => log.warn({ waitMs, why }, "collector unavailable; retrying") },
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    rejectsPath: options.rejects,
    statePath: options.state,
    onBytes: (n) => progress.increment(n),
  })
    .catch((err: unknown) => {
      if (err instanceof UnreadableFileError) throw new UsageError(`files: ${err.message}`);
      if (err instanceof SendRefusedError) throw new Error(`${err.message} (what was acknowledged is recorded; run the same send again to go on)`);
      throw err;
    })
    .finally(() => progress.stop());
  const lines = [
    `sent ${summary.read}, written ${summary.written}, queued ${summary.queued}, duplicates ${summary.duplicates}, rejected ${summary.rejected}; skipped ${summary.skipped} acknowledged before`,
    ...(summary.rejectsPath ? [`rejected lines: ${summary.rejectsPath}`] : []),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const rejected = summary.rejected + summary.rejectedBefore;
  if (rejected > 0)
    throw new IncompleteError(
      `${rejected} lines rejected${summary.rejectedBefore > 0 ? ` (${summary.rejectedBefore} by an earlier run)` : ""}; the rest were sent (reasons in ${options.rejects})`,
      3,
    );
}
