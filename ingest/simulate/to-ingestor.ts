import { type IncomingMessage, type MessageIngestor, type Rejection, ingestInBatches } from "../pipeline/ingest-messages.ts";
import type { SimMessage } from "./messages.ts";

/** A simulated day as the ingest path needs it: each message's kind and text, in arrival order. */
export interface IngestibleDay {
  date: string;
  messages: readonly Pick<SimMessage, "kind" | "text">[];
}

export interface IngestTotals {
  messages: number;
  written: number;
  duplicates: number;
  rejected: Rejection[];
}

export interface IngestBatchesOptions {
  /** Source name recorded on every row, e.g. "simulate:default:seed1". */
  source: string;
  /** Messages per ingest call (one validated write). */
  batchSize?: number;
  onDay?: (day: IngestibleDay) => void;
  /** Checked between writes: stop early (e.g. on Ctrl-C) with what is written so far. */
  stopping?: () => boolean;
}

/** A simulated message as the ingest path takes it; in-process messages are recorded like an import file's lines. */
export function incoming(message: Pick<SimMessage, "kind" | "text">, source: string, position: number): IncomingMessage {
  return { text: message.text, expected: message.kind, source: { kind: "file", name: source, partition: 0, position } };
}

/**
 * Feeds simulated days through the one validate-and-write path (createMessageIngestor), as
 * import and the Kafka worker do, so simulated data meets exactly the rules real data meets.
 */
export async function ingestBatches(
  ingestor: MessageIngestor,
  days: Iterable<IngestibleDay> | AsyncIterable<IngestibleDay>,
  options: IngestBatchesOptions,
): Promise<IngestTotals> {
  const totals: IngestTotals = { messages: 0, written: 0, duplicates: 0, rejected: [] };
  // A day's messages as one run: a step of this generator a day, not a message.
  async function* messages(): AsyncGenerator<IncomingMessage[]> {
    let position = 0;
    for await (const day of days) {
      yield day.messages.map((message) => incoming(message, options.source, position++));
      options.onDay?.(day);
      if (options.stopping?.()) return;
    }
  }
  totals.messages = await ingestInBatches(ingestor, messages(), options.batchSize ?? 20_000, (outcome) => {
    totals.written += outcome.written;
    totals.duplicates += outcome.duplicates;
    totals.rejected.push(...outcome.rejected);
  });
  return totals;
}
