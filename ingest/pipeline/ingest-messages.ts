import type { DateTime } from "luxon";
import type { EventKind } from "../contracts/events.ts";
import { type EventSource, type RegisterLookup, type ValidEvent, validateEvent } from "../contracts/validate.ts";
import type { EventWriter, WriteSummary } from "../write/event-writer.ts";

/** One message as it arrived: a Kafka record's value or one line of an import file. */
export interface IncomingMessage {
  text: string;
  /** The kind its topic carries; undefined where both kinds may come (import files). */
  expected?: EventKind;
  source: EventSource;
}

export interface Rejection {
  message: IncomingMessage;
  reason: string;
}

export interface IngestOutcome extends WriteSummary {
  rejected: Rejection[];
}

export interface MessageIngestor {
  /** Validates every message, writes the valid ones exactly once, and returns the rest with reasons. */
  ingest(messages: readonly IncomingMessage[]): Promise<IngestOutcome>;
}

export interface IngestorDeps {
  writer: EventWriter;
  lookup: () => RegisterLookup;
  clock: () => DateTime;
}

/** The one validation-and-write path shared by the Kafka worker, imports, DLQ replay and `start`. */
export function createMessageIngestor({ writer, lookup, clock }: IngestorDeps): MessageIngestor {
  return {
    async ingest(messages) {
      const now = clock();
      const register = lookup();
      const valid: ValidEvent[] = [];
      const rejected: Rejection[] = [];
      for (const message of messages) {
        const result = validateEvent(message.text, message.expected, register, now, message.source);
        if (result.ok) valid.push(result);
        else rejected.push({ message, reason: result.reason });
      }
      return { ...(await writer.write(valid)), rejected };
    },
  };
}
