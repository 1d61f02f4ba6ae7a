import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { type IncomingMessage, type IngestOutcome, type MessageIngestor, ingestInBatches } from "../pipeline/ingest-messages.ts";
import { settleOutcomes } from "../steps/settle-outcomes.ts";
import { readEventFile } from "./read-events.ts";

export interface ImportSummary {
  read: number;
  written: number;
  duplicates: number;
  /** Lines that failed validation. */
  invalid: number;
  /** Lines re-using a stored event_id for different content. */
  conflicts: number;
  /** Lines the warehouse refused for their content. */
  refused: number;
  /** Rejected lines (all three kinds) per reason, most frequent first. */
  reasons: { reason: string; count: number }[];
  rejectsPath: string | null;
}

export interface ImportOptions {
  ingestor: MessageIngestor;
  batchSize: number;
  /** Where rejected lines go, one JSON object each ({file, line, cause, reason, text}). */
  rejectsPath: string;
  onBytes?: (bytes: number) => void;
}

/**
 * Backfill: files through the same validation and write path as the Kafka worker. Re-running an
 * import, or finishing an interrupted one, writes nothing twice: events are recognised by event_id.
 * Lines the warehouse refuses go to the rejects file with the engine's message; the rest are written.
 */
export async function importFiles(paths: readonly string[], options: ImportOptions): Promise<ImportSummary> {
  const summary = { read: 0, written: 0, duplicates: 0, invalid: 0, conflicts: 0, refused: 0 };
  const reasonCounts = new Map<string, number>();
  let rejects: ReturnType<typeof createWriteStream> | undefined;

  const record = async (outcome: IngestOutcome, messages: readonly IncomingMessage[]) => {
    summary.written += outcome.written;
    summary.duplicates += outcome.duplicates;
    summary.conflicts += outcome.conflicts;
    summary.refused += outcome.refused;
    summary.invalid += outcome.rejected.length - outcome.conflicts - outcome.refused;
    const lines: string[] = [];
    settleOutcomes(messages, outcome.outcomes, {
      rejected: ({ source, text }, { tag, reason }) => {
        reasonCounts.set(reason, (reasonCounts.get(reason) ?? 0) + 1);
        lines.push(`${JSON.stringify({ file: source.name, line: source.position, cause: tag, reason, text })}\n`);
      },
    });
    for (const line of lines) {
      rejects ??= createWriteStream(options.rejectsPath);
      if (!rejects.write(line)) await once(rejects, "drain");
    }
  };

  for (const path of paths) {
    summary.read += await ingestInBatches(options.ingestor, readEventFile(path, options.onBytes), options.batchSize, record);
  }
  if (rejects) {
    rejects.end();
    await once(rejects, "finish");
  }
  const reasons = [...reasonCounts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  return { ...summary, reasons, rejectsPath: rejects ? options.rejectsPath : null };
}
