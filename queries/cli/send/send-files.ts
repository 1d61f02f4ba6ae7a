import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { readEventFile } from "../../../ingest/import/read-events.ts";
import type { IncomingMessage } from "../../../ingest/pipeline/ingest-messages.ts";
import type { EventOutcome } from "../../api/collect-answer.ts";
import { collectLimits } from "../../api/collect-body.ts";
import { type CollectorClientOptions, gzipLines, postBatch } from "./collector-client.ts";
import { openSendProgress } from "./progress-file.ts";

export interface SendSummary {
  /** Lines read and sent (or rejected before sending) in this run. */
  read: number;
  /** Lines skipped because an earlier run had them acknowledged. */
  skipped: number;
  written: number;
  queued: number;
  duplicates: number;
  /** Lines rejected in this run: invalid, out of the token's scope, or conflicting. */
  rejected: number;
  /** Lines an earlier, interrupted run of the same files rejected (in the rejects file already). */
  rejectedBefore: number;
  rejectsPath: string | null;
}

export interface SendOptions {
  client: CollectorClientOptions;
  /** Events per request at most. */
  batchSize: number;
  /** Where rejected lines go, one JSON object each ({file, line, cause, reason, text}), as import writes them. */
  rejectsPath: string;
  /** One progress file for every input; undefined: one beside each. */
  statePath: string | undefined;
  onBytes?: (bytes: number) => void;
}

/** Bytes of event text per request at most: half of what the collector inflates, so a batch never meets that bound. */
const batchTextBytes = collectLimits.inflatedBytes / 2;

/**
 * Sends files of events to the collector in order, in batches, recording after each acknowledged
 * batch how far each file got, so that a restarted send skips what was acknowledged. A re-sent
 * batch (a crash between the answer and the record) is harmless: identity is event_id.
 */
export async function sendFiles(files: readonly string[], options: SendOptions): Promise<SendSummary> {
  const progress = await openSendProgress(files, options.statePath);
  const resuming = files.some((file) => progress.of(file).line > 0);
  const summary: SendSummary = { read: 0, skipped: 0, written: 0, queued: 0, duplicates: 0, rejected: 0, rejectedBefore: 0, rejectsPath: null };
  // A resumed send adds to the rejects file of the run it finishes.
  let rejects: WriteStream | undefined;
  const reject = async (message: IncomingMessage, cause: "rejected" | "conflict", reason: string) => {
    summary.rejected += 1;
    rejects ??= createWriteStream(options.rejectsPath, { flags: resuming ? "a" : "w" });
    summary.rejectsPath = options.rejectsPath;
    const line = `${JSON.stringify({ file: message.source.name, line: message.source.position, cause, reason, text: message.text })}\n`;
    // Each rejection reaches the file before the progress record can pass its line.
    const stream = rejects;
    await new Promise<void>((done, fail) => stream.write(line, (err) => (err ? fail(err) : done())));
  };

  const post = async (batch: readonly IncomingMessage[]): Promise<EventOutcome[]> => {
    const lines = batch.map((message) => message.text);
    const body = gzipLines(lines);
    if (body.length <= collectLimits.bytes) return (await postBatch(options.client, lines, body)).events;
    if (batch.length === 1)
      return [{ event_id: null, outcome: "rejected", reason: `${body.length} bytes gzipped; the collector takes at most ${collectLimits.bytes} a request` }];
    const half = Math.ceil(batch.length / 2);
    return [...(await post(batch.slice(0, half))), ...(await post(batch.slice(half)))];
  };

  try {
    for (const file of files) {
      const before = progress.of(file);
      summary.rejectedBefore += before.rejected;
      let { line: acknowledged, rejected } = before;
      let last = acknowledged;
      let batch: IncomingMessage[] = [];
      let batchBytes = 0;
      const flush = async () => {
        const outcomes = batch.length > 0 ? await post(batch) : [];
        for (const [index, outcome] of outcomes.entries()) {
          if (outcome.outcome === "written") summary.written += 1;
          else if (outcome.outcome === "queued") summary.queued += 1;
          else if (outcome.outcome === "duplicate") summary.duplicates += 1;
          else {
            rejected += 1;
            await reject(batch[index]!, outcome.outcome, outcome.reason ?? outcome.outcome);
          }
        }
        batch = [];
        batchBytes = 0;
        if (last === acknowledged) return;
        acknowledged = last;
        await progress.record(file, { line: acknowledged, rejected });
      };
      for await (const message of readEventFile(file, options.onBytes)) {
        if (message.source.position <= before.line) {
          summary.skipped += 1;
          continue;
        }
        summary.read += 1;
        if (message.invalid !== undefined) {
          rejected += 1;
          await reject(message, "rejected", message.invalid);
        } else {
          if (batch.length >= options.batchSize || batchBytes + message.text.length > batchTextBytes) await flush();
          batch.push(message);
          batchBytes += Buffer.byteLength(message.text) + 1;
        }
        last = Math.max(last, message.source.position);
      }
      await flush();
    }
  } finally {
    if (rejects) {
      rejects.end();
      await once(rejects, "finish");
    }
  }
  return summary;
}
