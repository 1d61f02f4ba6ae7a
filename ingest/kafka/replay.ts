import type { Kafka } from "kafkajs";
import { type IncomingMessage, type MessageIngestor, type Rejection, ingestInBatches } from "../pipeline/ingest-messages.ts";
import { decodeUtf8 } from "../steps/decode.ts";
import { readDeadLetters } from "./dead-letters.ts";
import { lettersToReplay } from "./letters-to-replay.ts";
import { type EventTopics, kindOfTopic } from "./topics.ts";

/** Dead letters handed to the ingestor per write, at most (and at most `batchTextChars` of text: a DLQ of large letters never becomes one huge request). */
const lettersPerWrite = 500;

/** What a replay did: letters read again, those Kafka no longer holds, and what validation made of the rest. */
export interface ReplaySummary {
  replayed: number;
  notReplayed: string[];
  written: number;
  duplicates: number;
  /** The letters still invalid, with their reasons now. */
  rejected: Rejection[];
}

/**
 * Sends every dead letter through validation again, against the ingestor's register and clock as
 * they are now (a gate since listed, a count whose time has come), and writes those that pass. A
 * truncated letter or a skipped batch is replayed from its original in the source partition; what
 * Kafka no longer holds (or still cannot decode) is named in `notReplayed`, never replayed cut.
 */
export async function revalidateDeadLetters(kafka: Kafka, topics: EventTopics, ingestor: MessageIngestor): Promise<ReplaySummary> {
  const { letters } = await readDeadLetters(kafka, topics.deadLetters);
  const { replay, notReplayed } = await lettersToReplay(kafka, letters);
  const summary: ReplaySummary = { replayed: replay.length, notReplayed, written: 0, duplicates: 0, rejected: [] };
  const messages = replay.map((l): IncomingMessage => {
    const expected = kindOfTopic(topics, l.sourceTopic);
    return {
      ...decodeUtf8(l.original),
      source: { kind: "kafka", name: l.sourceTopic, partition: l.sourcePartition, position: l.sourceOffset },
      ...(expected ? { expected } : {}),
    };
  });
  await ingestInBatches(ingestor, messages, lettersPerWrite, (outcome) => {
    summary.written += outcome.written;
    summary.duplicates += outcome.duplicates;
    summary.rejected.push(...outcome.rejected);
  });
  return summary;
}
