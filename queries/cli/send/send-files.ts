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
  /** Requests in flight at once; 1 (the default) waits for each answer before the next. */
  concurrency?: number;
  /** Where rejected lines go, one JSON object each ({file, line, cause, reason, text}), as import writes them. */
  rejectsPath: string;
  /** One progress file for every input; undefined: one beside each. */
  statePath: string | undefined;
  onBytes?: (bytes: number) => void;
}

/** Bytes of event text per request at most: half of what the collector inflates, so a batch never meets that bound. */
const batchTextBytes = collectLimits.inflatedBytes / 2;

/** A request on its way, with the lines read before it that cannot be sent, and the file's last line it covers. */
interface InFlight {
  batch: IncomingMessage[];
  unreadable: IncomingMessage[];
  last: number;
  answer: Promise<EventOutcome[]>;
}

/**
 * Sends files of events to the collector in order, in batches (up to `concurrency` requests in
 * flight), recording how far each file got as answers come, so that a restarted send skips what was
 * acknowledged. Answers are taken in the order sent: the record only ever covers the acknowledged
 * lines before the first request still in flight, and rejected lines reach the rejects file in
 * order, once. A re-sent batch (a crash between the answer and the record) is harmless: identity is
 * event_id.
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
      let unreadable: IncomingMessage[] = [];
      let batchBytes = 0;
      const inFlight: InFlight[] = [];
      // The oldest request's answer, counted and recorded; those after it wait their turn.
      const settle = async () => {
        const { batch: sent, unreadable: unsent, last: covered, answer } = inFlight.shift()!;
        const outcomes = await answer;
        for (const message of unsent) {
          rejected += 1;
          await reject(message, "rejected", message.invalid!);
        }
        for (const [index, outcome] of outcomes.entries()) {
          if (outcome.outcome === "written") summary.written += 1;
          else if (outcome.outcome === "queued") summary.queued += 1;
          else if (outcome.outcome === "duplicate") summary.duplicates += 1;
          else {
            rejected += 1;
            await reject(sent[index]!, outcome.outcome, outcome.reason ?? outcome.outcome);
          }
        }
        if (covered === acknowledged) return;
        acknowledged = covered;
        await progress.record(file, { line: acknowledged, rejected });
      };
      const flush = async () => {
        const answer = batch.length > 0 ? post(batch) : Promise.resolve([]);
        // Failures are taken in turn by settle; until then the promise must not count as unhandled.
        answer.catch(() => undefined);
        inFlight.push({ batch, unreadable, last, answer });
        batch = [];
        unreadable = [];
        batchBytes = 0;
        while (inFlight.length >= (options.concurrency ?? 1)) await settle();
      };
      for await (const message of readEventFile(file, options.onBytes)) {
        if (message.source.position <= before.line) {
          summary.skipped += 1;
          continue;
        }
        summary.read += 1;
        // Unreadable lines are rejected once the request read with them is answered, in line order; they
        // count towards a request's bound, so memory stays bounded.
        if (batch.length >= options.batchSize || unreadable.length >= options.batchSize || batchBytes + message.text.length > batchTextBytes) await flush();
        if (message.invalid !== undefined) unreadable.push(message);
        else {
          batch.push(message);
          batchBytes += Buffer.byteLength(message.text) + 1;
        }
        last = Math.max(last, message.source.position);
      }
      await flush();
      while (inFlight.length > 0) await settle();
    }
  } finally {
    if (rejects) {
      rejects.end();
      await once(rejects, "finish");
    }
  }
  return summary;
}
