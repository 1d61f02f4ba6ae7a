import type { Kafka } from "kafkajs";
import type { IngestOutcome, MessageIngestor } from "../pipeline/ingest-messages.ts";
import { decodeUtf8 } from "../steps/decode.ts";
import { readDeadLetters } from "./dead-letters.ts";
import { lettersToReplay } from "./letters-to-replay.ts";
import { type EventTopics, kindOfTopic } from "./topics.ts";

/**
 * Sends every dead letter through validation again, against the ingestor's register and clock as
 * they are now (a gate since listed, a count whose time has come), and writes those that pass. A
 * truncated letter or a skipped batch is replayed from its original in the source partition; what
 * Kafka no longer holds (or still cannot decode) is named in `notReplayed`, never replayed cut.
 */
export async function revalidateDeadLetters(
  kafka: Kafka,
  topics: EventTopics,
  ingestor: MessageIngestor,
): Promise<{ replayed: number; notReplayed: string[]; outcome: IngestOutcome }> {
  const { letters } = await readDeadLetters(kafka, topics.deadLetters);
  const { replay, notReplayed } = await lettersToReplay(kafka, letters);
  const outcome = await ingestor.ingest(
    replay.map((l) => {
      const expected = kindOfTopic(topics, l.sourceTopic);
      return {
        ...decodeUtf8(l.original),
        source: { kind: "kafka" as const, name: l.sourceTopic, partition: l.sourcePartition, position: l.sourceOffset },
        ...(expected ? { expected } : {}),
      };
    }),
  );
  return { replayed: replay.length, notReplayed, outcome };
}
