import { setImmediate as yieldToWrites } from "node:timers/promises";
import type { DateTime } from "luxon";
import type { RegisterLookup } from "../../transforms/register/register.ts";
import type { EventSource } from "../kinds/event-kind.ts";
import type { EventKind, ValidEvent } from "../kinds/registry.ts";
import { invalid, type MessageOutcome, type Rejected, written } from "../steps/outcome.ts";
import { settleOutcomes } from "../steps/settle-outcomes.ts";
import { type StoreSummary, storeEvents } from "../steps/store.ts";
import { validateEvent } from "../steps/validate.ts";
import type { EventWriter } from "../write/event-writer.ts";
import { type StorableEvent, storable } from "../write/storable-event.ts";

/** One message as it arrived: a Kafka record's value or one line of an import file. */
export interface IncomingMessage {
  text: string;
  /** The kind its topic carries; undefined where any kind may come (import files). */
  expected?: EventKind;
  source: EventSource;
  /**
   * Why it is invalid before it is read at all: the decode step's verdict (its bytes are not UTF-8)
   * or its reader's (a line too long); `text` then only shows it.
   */
  invalid?: string;
}

export interface Rejection {
  message: IncomingMessage;
  /** Failed a step (decode, parse, validate), re-used a stored id for other content, or was refused by the warehouse. */
  cause: Rejected["tag"];
  reason: string;
}

export interface IngestOutcome extends StoreSummary {
  /** Each message's outcome, in the order given (duplicates: stored, or earlier in the write, with the same content). */
  outcomes: MessageOutcome[];
  /** The messages not stored, with their reasons, in the order given. */
  rejected: Rejection[];
}

export interface MessageIngestor {
  /**
   * Validates every message, writes the valid ones exactly once, and returns the rest with reasons;
   * throws only when the warehouse fails for a reason other than the messages' content.
   */
  ingest(messages: readonly IncomingMessage[]): Promise<IngestOutcome>;
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
 * The steps before the store, for each message: decode's verdict (taken where the bytes were read),
 * parse, validate(kind) against the register and clock. Each valid event goes to `onValid`, which
 * says what it becomes (nothing keeps the row objects after it); the others come back invalid with
 * their reasons. One outcome per message, in order.
 */
export function validateMessages(
  messages: readonly IncomingMessage[],
  { lookup, clock, futureToleranceMinutes }: ValidationDeps,
  onValid: (event: ValidEvent, message: IncomingMessage, position: number) => MessageOutcome,
): MessageOutcome[] {
  const now = clock();
  const register = lookup();
  const outcomes: MessageOutcome[] = new Array<MessageOutcome>(messages.length);
  for (let position = 0; position < messages.length; position++) {
    const message = messages[position]!;
    const result =
      message.invalid !== undefined
        ? { ok: false as const, reason: message.invalid }
        : validateEvent(message.text, message.expected, register, now, message.source, futureToleranceMinutes);
    outcomes[position] = result.ok ? onValid(result, message, position) : invalid(result.reason);
  }
  return outcomes;
}

export interface IngestorDeps extends ValidationDeps {
  writer: EventWriter;
  /** Called after each successful write with the sites and days of its footfall events (capacity alerts); must not block. */
  onWritten?: WrittenHook;
}

/** Messages through the steps before the store: each one's outcome so far, and the valid events waiting for the write. */
export interface ValidatedMessages {
  messages: readonly IncomingMessage[];
  /** One per message: invalid with its reason, or written until the store step says otherwise. */
  outcomes: MessageOutcome[];
  /** Each valid event, kept as its insert line. */
  events: StorableEvent[];
  /** Each valid event's position in `messages` (two arrays, not an object an event: they wait for the write). */
  positions: number[];
}

/**
 * `ingest` in its two halves, for callers that share a write (HTTP requests): each validates its
 * messages when they arrive, while another write may be in progress, and only the store waits.
 */
export interface StagedIngestor extends MessageIngestor {
  validate(messages: readonly IncomingMessage[]): ValidatedMessages;
  /** Stores the batches' valid events as one write; the outcomes run through the batches' messages in order. */
  store(batches: readonly ValidatedMessages[]): Promise<IngestOutcome>;
}

/**
 * The one ingest path shared by the Kafka worker, imports, DLQ replay, the HTTP collector and
 * `start`: decode → parse → validate(kind) → store, each message ending with one outcome.
 */
export function createMessageIngestor({ writer, onWritten, ...validation }: IngestorDeps): StagedIngestor {
  const validate = (messages: readonly IncomingMessage[]): ValidatedMessages => {
    const events: StorableEvent[] = [];
    const positions: number[] = [];
    const outcomes = validateMessages(messages, validation, (result, _message, position) => {
      // Kept as its insert line: the row object is left to the young generation's collector.
      events.push(storable(result));
      positions.push(position);
      return written; // unless the store step says otherwise
    });
    return { messages, outcomes, events, positions };
  };
  const store = async (batches: readonly ValidatedMessages[]): Promise<IngestOutcome> => {
    const messages = batches.flatMap((batch) => batch.messages);
    const outcomes = batches.flatMap((batch) => batch.outcomes);
    const events: StorableEvent[] = [];
    const positions: number[] = [];
    let offset = 0;
    for (const batch of batches) {
      for (let i = 0; i < batch.events.length; i++) {
        events.push(batch.events[i]!);
        positions.push(offset + batch.positions[i]!);
      }
      offset += batch.messages.length;
    }
    const stored = await storeEvents(writer, events);
    for (let i = 0; i < positions.length; i++) outcomes[positions[i]!] = stored.outcomes[i]!;
    const { summary } = stored;
    if (onWritten && summary.byKind.footfall.written > 0) onWritten(events.flatMap((e) => (e.footfall ? [e.footfall] : [])));
    const rejected: Rejection[] = [];
    settleOutcomes(messages, outcomes, { rejected: (message, { tag, reason }) => rejected.push({ message, cause: tag, reason }) });
    return { ...summary, outcomes, rejected };
  };
  return { validate, store, ingest: (messages) => store([validate(messages)]) };
}

/** Messages validated per turn of the event loop: a write in progress meanwhile gets on between turns. */
const validationSlice = 1000;

/**
 * Validates in slices, yielding to the event loop between them, so that a write in progress (the
 * engine works on the libuv pool) is not held up between its statements: this core validates while
 * the other writes. One result, as `validate` gives for the whole.
 */
export async function validateBesideWrites(ingestor: StagedIngestor, messages: readonly IncomingMessage[]): Promise<ValidatedMessages> {
  if (messages.length <= validationSlice) return ingestor.validate(messages);
  const outcomes: MessageOutcome[] = [];
  const events: StorableEvent[] = [];
  const positions: number[] = [];
  for (let start = 0; start < messages.length; start += validationSlice) {
    const slice = ingestor.validate(messages.slice(start, start + validationSlice));
    outcomes.push(...slice.outcomes);
    events.push(...slice.events);
    for (const position of slice.positions) positions.push(start + position);
    await yieldToWrites();
  }
  return { messages, outcomes, events, positions };
}

/**
 * A batch as far as it gets before its write: validated here when the ingestor runs in this process,
 * or as it came when the ingestor is another process's (the data directory owner's import path).
 */
export interface PreparedBatch {
  messages: readonly IncomingMessage[];
  validated?: ValidatedMessages;
}

/** Prepares batches beside the write in progress and writes them, in the order given. */
export interface BatchIngestor {
  prepare(messages: readonly IncomingMessage[]): Promise<PreparedBatch>;
  /** One write of the batches, in order; outcomes run through their messages in order. */
  write(batches: readonly PreparedBatch[]): Promise<IngestOutcome>;
}

const isStaged = (ingestor: MessageIngestor): ingestor is StagedIngestor => "store" in ingestor && "validate" in ingestor;

export function batchIngestor(ingestor: MessageIngestor): BatchIngestor {
  if (!isStaged(ingestor)) return { prepare: async (messages) => ({ messages }), write: (batches) => ingestor.ingest(batches.flatMap((b) => b.messages)) };
  return {
    prepare: async (messages) => ({ messages, validated: await validateBesideWrites(ingestor, messages) }),
    write: (batches) => ingestor.store(batches.map((b) => b.validated ?? ingestor.validate(b.messages))),
  };
}

/**
 * Characters of message text a write holds at most, whatever `batchSize` allows: 20,000 lines of
 * nearly 1 MiB each would otherwise be 20 GB in memory, and one request to a data directory's owner
 * (whose import route takes 256 MiB: 32M characters stay under it even JSON-escaped).
 */
export const batchTextChars = 32 * 1024 * 1024;

const isRun = (item: IncomingMessage | readonly IncomingMessage[]): item is readonly IncomingMessage[] => Array.isArray(item);

/** Messages one by one (an import file's lines), or in runs that came together (a simulated day). */
export type MessageStream = Iterable<IncomingMessage | readonly IncomingMessage[]> | AsyncIterable<IncomingMessage | readonly IncomingMessage[]>;

/**
 * Feeds a stream of messages through the ingestor in writes of `batchSize` (or fewer, at
 * `batchTextChars`), handing each write's outcome to `onOutcome`, in order; returns how many
 * messages were read. Imports and the simulator's fill share it. In process, the next batch is read
 * and validated while the one before is written (at most one write in progress and one batch
 * waiting for it). A run costs one step of the stream where each message alone costs one: the
 * simulator's 1.35M messages as days spare as many turns of an async generator.
 */
export async function ingestInBatches(
  ingestor: MessageIngestor,
  messages: MessageStream,
  batchSize: number,
  onOutcome: (outcome: IngestOutcome, messages: readonly IncomingMessage[]) => void | Promise<void>,
): Promise<number> {
  const stages = batchIngestor(ingestor);
  let read = 0;
  let batch: IncomingMessage[] = [];
  let batchChars = 0;
  let writing: Promise<void> = Promise.resolve();
  const write = async (messages: IncomingMessage[]) => {
    const prepared = await stages.prepare(messages);
    await writing;
    writing = stages.write([prepared]).then((outcome) => onOutcome(outcome, messages));
    writing.catch(() => undefined); // awaited before the next write or at the end
  };
  try {
    for await (const item of messages) {
      for (const message of isRun(item) ? item : [item]) {
        read += 1;
        if (batch.length > 0 && batchChars + message.text.length > batchTextChars) {
          await write(batch);
          batch = [];
          batchChars = 0;
        }
        batch.push(message);
        batchChars += message.text.length;
        if (batch.length >= batchSize) {
          await write(batch);
          batch = [];
          batchChars = 0;
        }
      }
    }
    if (batch.length > 0) await write(batch);
    await writing;
  } catch (err) {
    await writing.catch(() => undefined); // no write left running behind the failure
    throw err;
  }
  return read;
}
