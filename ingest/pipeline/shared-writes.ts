import { createAccumulator } from "./accumulator.ts";
import type { IncomingMessage, IngestOutcome, Rejection, StagedIngestor, ValidatedMessages } from "./ingest-messages.ts";

/** One caller's part of a shared write: its duplicates by position in what it gave, and its rejections. */
export interface OwnOutcome {
  duplicated: number[];
  rejected: Rejection[];
  /** Where its time went: validating its messages, waiting for the write before, and the shared write itself. */
  seconds?: { validate: number; wait: number; write: number };
}

export interface SharedWrites {
  /** Resolves once the write holding these messages is stored; throws as that write did. */
  ingest(messages: readonly IncomingMessage[]): Promise<OwnOutcome>;
}

/**
 * Group commit: what callers hand in while a write is in progress goes into the next write, one
 * ingestor call for all of them, so concurrent senders share the fixed cost of a write (a part per
 * table, fsynced). That write starts as soon as the one before is done, or at `maxEvents`. Each
 * caller's messages are validated as they arrive, while the write before may still be in progress;
 * only the write waits. Within it identity holds as for one request: the first line with an id is
 * written, later ones are duplicates or conflicts, whichever caller sent them.
 */
export function createSharedWrites(ingestor: StagedIngestor, maxEvents: number): SharedWrites {
  let waiting = 0;
  const accumulator = createAccumulator<ValidatedMessages, { outcome: IngestOutcome; messages: IncomingMessage[]; started: number; ended: number }>({
    maxItems: maxEvents,
    sizeOf: (batch) => batch.messages.length,
    callers: () => waiting,
    flush: async (batches) => {
      const started = performance.now();
      const outcome = await ingestor.store(batches);
      return { outcome, messages: batches.flatMap((batch) => batch.messages), started, ended: performance.now() };
    },
  });
  return {
    async ingest(messages) {
      waiting += 1;
      let shared: Awaited<ReturnType<typeof accumulator.submit>>;
      const arrived = performance.now();
      let validated = arrived;
      try {
        const batch = ingestor.validate(messages);
        validated = performance.now();
        shared = await accumulator.submit([batch]);
      } finally {
        waiting -= 1;
        accumulator.callerLeft();
      }
      const placeOf = new Map(messages.map((message, place) => [message, place]));
      return {
        duplicated: shared.outcome.duplicated.flatMap((position) => {
          const place = placeOf.get(shared.messages[position]!);
          return place === undefined ? [] : [place];
        }),
        rejected: shared.outcome.rejected.filter((r) => placeOf.has(r.message)),
        seconds: { validate: (validated - arrived) / 1000, wait: (shared.started - validated) / 1000, write: (shared.ended - shared.started) / 1000 },
      };
    },
  };
}
