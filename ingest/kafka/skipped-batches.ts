import type { KafkaMessage } from "kafkajs";
import { undecodableBatchHeader } from "../../infra/kafka/undecodable-batch.ts";

/** A record batch that could not be decoded: the offsets it covered in its partition, and why. */
export interface SkippedBatch {
  firstOffset: number;
  lastOffset: number;
  reason: string;
}

/** What /healthz tells of skipped batches: how many since the start, and the latest. */
export interface SkippedBatches {
  count: number;
  last?: SkippedBatch & { topic: string; partition: number; at: string };
}

/** A stand-in has neither key nor value; a producer's record that merely carries the header is a record like any other. */
function standInReason(message: KafkaMessage): string | undefined {
  if (message.key !== null || message.value !== null) return undefined;
  return message.headers?.[undecodableBatchHeader]?.toString();
}

/**
 * Splits a fetch's records into the real ones and the offset ranges of the stand-ins kafkajs
 * yielded for batches it could not decode (consecutive stand-ins with one reason form one range).
 */
export function skippedRanges(messages: readonly KafkaMessage[]): { records: KafkaMessage[]; skipped: SkippedBatch[] } {
  const records: KafkaMessage[] = [];
  const skipped: SkippedBatch[] = [];
  let previousWasStandIn = false;
  for (const message of messages) {
    const reason = standInReason(message);
    const last = skipped.at(-1);
    if (reason === undefined) records.push(message);
    else if (previousWasStandIn && last?.reason === reason) last.lastOffset = Number(message.offset);
    else skipped.push({ firstOffset: Number(message.offset), lastOffset: Number(message.offset), reason });
    previousWasStandIn = reason !== undefined;
  }
  return { records, skipped };
}

/** What /healthz adds once a batch was skipped; the worker stays healthy, since it moved on. */
export function skippedBatchNotice({ count, last }: SkippedBatches): Record<string, unknown> {
  if (!last) return {};
  const { topic, partition, firstOffset, lastOffset, reason, at } = last;
  return { skipped_batches: { count, last: { topic, partition, first_offset: firstOffset, last_offset: lastOffset, reason, at } } };
}
