import type { DateTime } from "luxon";
import type { RegisterLookup } from "../../transforms/register/register.ts";
import { validateEvent } from "../contracts/validate.ts";
import type { EventSource } from "../kinds/event-kind.ts";
import type { EventKind, ValidEvent } from "../kinds/registry.ts";
import type { EventWriter, WriteSummary } from "../write/event-writer.ts";
import { type StorableEvent, storable } from "../write/storable-event.ts";

/** One message as it arrived: a Kafka record's value or one line of an import file. */
export interface IncomingMessage {
  text: string;
  /** The kind its topic carries; undefined where any kind may come (import files). */
  expected?: EventKind;
  source: EventSource;
  /** Why it is invalid before it is read at all (its bytes are not UTF-8); `text` then only shows it. */
  invalid?: string;
}

export interface Rejection {
  message: IncomingMessage;
  /** Failed validation, re-used a stored id for other content, or was refused by the warehouse. */
  cause: "invalid" | "conflict" | "refused";
  reason: string;
}

export interface IngestOutcome extends Omit<WriteSummary, "refusals" | "duplicateEvents"> {
  rejected: Rejection[];
  /** Positions in the messages given of the duplicates (stored, or earlier in the write, with the same content). */
  duplicated: number[];
}

export interface MessageIngestor {
  /**
   * Validates every message, writes the valid ones exactly once, and returns the rest with reasons;
   * throws only when the warehouse fails for a reason other than the messages' content.
   */
  ingest(messages: readonly IncomingMessage[]): Promise<IngestOutcome>;
}

/** Messages validated, their valid events waiting for a write: `ingest`'s first half. */
export interface ValidatedMessages {
  messages: readonly IncomingMessage[];
  /** Each valid event with its position in `messages`. */
  valid: { event: StorableEvent; position: number }[];
  rejected: Rejection[];
}

/**
 * `ingest` in its two halves, for callers that share a write (HTTP requests): each validates its
 * messages when they arrive, while another write may be in progress, and only the write waits.
 */
export interface StagedIngestor extends MessageIngestor {
  validate(messages: readonly IncomingMessage[]): ValidatedMessages;
  /** Writes the batches' valid events as one write; `duplicated` positions count through their messages in order. */
  store(batches: readonly ValidatedMessages[]): Promise<IngestOutcome>;
}

/** Told of each write that stored footfall, with the footfall rows it stored (capacity alerts, the live stream). */
export type WrittenHook = (footfall: readonly { site_id: string; local_date: string }[]) => void;

/** What events are checked against: the register, the clock and how far past it an event may be stamped. */
export interface ValidationDeps {
  lookup: () => RegisterLookup;
  /** The clock events are checked against: the process's, or in a demo the demo's. */
  clock: () => DateTime;
  /** TOURISM_FUTURE_TOLERANCE_MINUTES: how far after `clock` an event may be stamped (default 5). */
  futureToleranceMinutes?: number;
}

/**
 * Validates each message against its contract and the register, handing each valid one to `onValid`
 * as it goes (nothing keeps the row objects after it); returns the rest with reasons.
 */
export function validateMessages(
  messages: readonly IncomingMessage[],
  { lookup, clock, futureToleranceMinutes }: ValidationDeps,
  onValid: (event: ValidEvent, message: IncomingMessage, position: number) => void,
): Rejection[] {
  const now = clock();
  const register = lookup();
  const rejected: Rejection[] = [];
  for (const [position, message] of messages.entries()) {
    const result =
      message.invalid !== undefined
        ? { ok: false as const, reason: message.invalid }
        : validateEvent(message.text, message.expected, register, now, message.source, futureToleranceMinutes);
    if (result.ok) onValid(result, message, position);
    else rejected.push({ message, cause: "invalid", reason: result.reason });
  }
  return rejected;
}

export interface IngestorDeps extends ValidationDeps {
  writer: EventWriter;
  /** Called after each successful write with the sites and days of its footfall events (capacity alerts); must not block. */
  onWritten?: WrittenHook;
}

/** The one validation-and-write path shared by the Kafka worker, imports, DLQ replay, `start` and the HTTP collector. */
export function createMessageIngestor({ writer, onWritten, ...validation }: IngestorDeps): StagedIngestor {
  const validate = (messages: readonly IncomingMessage[]): ValidatedMessages => {
    const valid: ValidatedMessages["valid"] = [];
    // Each kept as its insert line: the row object is left to the young generation's collector.
    const rejected = validateMessages(messages, validation, (result, _message, position) => valid.push({ event: storable(result), position }));
    return { messages, valid, rejected };
  };
  return {
    validate,
    ingest: (messages) => store([validate(messages)]),
    store,
  };

  async function store(batches: readonly ValidatedMessages[]): Promise<IngestOutcome> {
    const valid: StorableEvent[] = [];
    const messageOf = new Map<StorableEvent, IncomingMessage>();
    const positionOf = new Map<StorableEvent, number>();
    const rejected: Rejection[] = [];
    let offset = 0;
    for (const batch of batches) {
      for (const { event, position } of batch.valid) {
        valid.push(event);
        messageOf.set(event, batch.messages[position]!);
        positionOf.set(event, offset + position);
      }
      rejected.push(...batch.rejected);
      offset += batch.messages.length;
    }
    const { refusals, duplicateEvents, ...summary } = await writer.write(valid);
    for (const { event, cause, reason } of refusals) rejected.push({ message: messageOf.get(event)!, cause, reason });
    if (onWritten && summary.byKind.footfall.written > 0) onWritten(valid.flatMap((e) => (e.footfall ? [e.footfall] : [])));
    return { ...summary, rejected, duplicated: duplicateEvents.map((e) => positionOf.get(e)!) };
  }
}

/**
 * Feeds a stream of messages through the ingestor in writes of `batchSize`, handing each write's
 * outcome to `onOutcome`; returns how many messages were read. Imports and the simulator's fill
 * share it.
 */
export async function ingestInBatches(
  ingestor: MessageIngestor,
  messages: Iterable<IncomingMessage> | AsyncIterable<IncomingMessage>,
  batchSize: number,
  onOutcome: (outcome: IngestOutcome) => void | Promise<void>,
): Promise<number> {
  let read = 0;
  let batch: IncomingMessage[] = [];
  for await (const message of messages) {
    read += 1;
    batch.push(message);
    if (batch.length >= batchSize) {
      await onOutcome(await ingestor.ingest(batch));
      batch = [];
    }
  }
  if (batch.length > 0) await onOutcome(await ingestor.ingest(batch));
  return read;
}
