import { createHash } from "node:crypto";
import type { Kafka } from "kafkajs";
import { type DeadLetter, letterSource } from "./dead-letters.ts";
import { skippedRanges } from "./skipped-batches.ts";
import { readSourceRecords } from "./source-records.ts";

/** A message to send through validation again, as it was at its source. */
export interface ReplayMessage {
  original: Buffer;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: number;
}

/**
 * What replaying the letters sends through validation: a whole letter's own value; for a truncated
 * letter or a skipped batch, the original records read again from their source partition, since the
 * letter's bytes are not the event. What Kafka no longer holds (or still cannot decode, or holds
 * changed) is not replayed, with the reason.
 */
export async function lettersToReplay(kafka: Kafka, letters: readonly DeadLetter[]): Promise<{ replay: ReplayMessage[]; notReplayed: string[] }> {
  const replay: ReplayMessage[] = [];
  const notReplayed: string[] = [];
  const fromSource = new Map<string, DeadLetter[]>();
  for (const letter of letters) {
    if (!letter.truncated && letter.lastSourceOffset === undefined) replay.push(letter);
    else {
      const key = `${letter.sourceTopic}\u0000${letter.sourcePartition}`;
      fromSource.set(key, [...(fromSource.get(key) ?? []), letter]);
    }
  }
  for (const group of fromSource.values()) {
    const { sourceTopic: topic, sourcePartition: partition } = group[0]!;
    const read = await readSourceRecords(
      kafka,
      topic,
      partition,
      group.map((l) => ({ from: l.sourceOffset, to: l.lastSourceOffset ?? l.sourceOffset })),
    );
    if ("missing" in read) {
      for (const letter of group) notReplayed.push(`${letterSource(letter)}: not replayed: ${read.missing}`);
      continue;
    }
    const { records, skipped } = skippedRanges(read.records);
    const byOffset = new Map(records.map((r) => [Number(r.offset), r.value ?? Buffer.alloc(0)]));
    for (const letter of group) {
      const last = letter.lastSourceOffset ?? letter.sourceOffset;
      const undecodable = skipped.find((s) => s.lastOffset >= letter.sourceOffset && s.firstOffset <= last);
      if (undecodable) {
        notReplayed.push(`${letterSource(letter)}: not replayed: ${undecodable.reason}`);
        continue;
      }
      const found = [...byOffset].filter(([offset]) => offset >= letter.sourceOffset && offset <= last);
      const original = found[0]?.[1];
      if (letter.truncated && (!original || createHash("sha256").update(original).digest("hex") !== letter.truncated.sha256)) {
        notReplayed.push(`${letterSource(letter)}: not replayed: the record Kafka holds there is not the original (its SHA-256 differs)`);
        continue;
      }
      for (const [offset, bytes] of found) replay.push({ original: bytes, sourceTopic: topic, sourcePartition: partition, sourceOffset: offset });
    }
  }
  return { replay, notReplayed };
}
