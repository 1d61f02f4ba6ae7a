import { createHash } from "node:crypto";
import type { Message, Producer } from "kafkajs";
import { type DeadLetter, toDeadLetterMessage } from "./dead-letters.ts";

// What a record batch adds around its records (61 bytes of header, 12 of log overhead) and a
// record around its fields (length, attributes, timestamp and offset deltas, the varints of key,
// value and each header), with room to spare: the letter must fit, not fill the limit to the byte.
const batchOverhead = 512;
const perRecord = 32;
const perHeader = 10;
/** A reason longer than this is cut in a letter that must shrink (an engine's message may quote the row). */
const longestReason = 4096;

/** About the bytes a message takes inside a record batch, never fewer. */
export function recordBytes(message: Message & { headers: Record<string, string> }): number {
  const headers = Object.entries(message.headers).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + perHeader, 0);
  return perRecord + Buffer.byteLength(String(message.key ?? "")) + (message.value as Buffer).length + headers;
}

/** The bytes a record batch of the topic may give its records. */
export const recordBudget = (maxMessageBytes: number) => Math.max(0, maxMessageBytes - batchOverhead);

/**
 * The letter as it fits a topic whose `max.message.bytes` is the given one: unchanged when it fits,
 * else with its value cut to what fits and headers giving the original's length and SHA-256 digest.
 * The source topic, partition and offset stay, so the original can be read from its topic.
 */
export function fitDeadLetter(letter: DeadLetter, maxMessageBytes: number): DeadLetter {
  const budget = recordBudget(maxMessageBytes);
  if (recordBytes(toDeadLetterMessage(letter)) <= budget) return letter;
  const reason = letter.reason.length > longestReason ? `${letter.reason.slice(0, longestReason)}…` : letter.reason;
  const truncated = { originalBytes: letter.original.length, sha256: createHash("sha256").update(letter.original).digest("hex") };
  const empty = { ...letter, reason, truncated, original: Buffer.alloc(0) };
  // The header naming the kept length grows by at most the digits of the original's length.
  const room = budget - recordBytes(toDeadLetterMessage(empty)) - String(letter.original.length).length;
  return { ...empty, original: letter.original.subarray(0, Math.max(0, room)) };
}

const tooLargeErrors = new Set(["MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE"]);

/** Whether kafkajs failed a send because the broker found the batch too large (directly or as the cause of a retry error). */
function refusedAsTooLarge(err: unknown): boolean {
  for (let e = err as { type?: unknown; originalError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.type === "string" && tooLargeErrors.has(e.type)) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

export interface DeadLetterSender {
  /** Sends the letters, each fitted to the topic's limit and in sends no batch of which exceeds it. */
  send(letters: readonly DeadLetter[]): Promise<void>;
}

/**
 * Dead letters sized to what their topic accepts. A send the broker still refuses as too large
 * (the topic's limit lowered since) re-reads the limit before failing, so the caller's retry fits.
 */
export function createDeadLetterSender(
  producer: Producer,
  topic: string,
  limits: { maxMessageBytes: number; reread: () => Promise<number> },
): DeadLetterSender {
  let maxMessageBytes = limits.maxMessageBytes;
  return {
    async send(letters) {
      if (letters.length === 0) return;
      const budget = recordBudget(maxMessageBytes);
      const messages = letters.map((letter) => toDeadLetterMessage(fitDeadLetter(letter, maxMessageBytes)));
      // kafkajs puts one send's records for a partition into one batch: pack sends to the budget.
      const sends: Message[][] = [];
      let bytes = Number.POSITIVE_INFINITY;
      for (const message of messages) {
        const size = recordBytes(message);
        if (bytes + size > budget) {
          sends.push([]);
          bytes = 0;
        }
        sends.at(-1)!.push(message);
        bytes += size;
      }
      try {
        for (const batch of sends) await producer.send({ topic, acks: -1, messages: batch });
      } catch (err) {
        if (refusedAsTooLarge(err)) maxMessageBytes = await limits.reread();
        throw err;
      }
    },
  };
}
