import type { MessageOutcome } from "../steps/outcome.ts";
import { createAccumulator } from "./accumulator.ts";
import type { IncomingMessage, StagedIngestor, ValidatedMessages } from "./ingest-messages.ts";
import { ownOutcomes, type SharedWrite } from "./own-outcomes.ts";

/** One caller's part of a shared write: its messages' outcomes in order, and where its time went. */
export interface OwnOutcome {
  outcomes: MessageOutcome[];
  /** Validating its messages, waiting for the write before, and the shared write itself. */
  seconds: { validate: number; wait: number; write: number };
}

export interface SharedWrites {
  /** Resolves once the write holding these messages is stored; throws as that write did. */
  ingest(messages: readonly IncomingMessage[]): Promise<OwnOutcome>;
}

/**
 * Group commit: what callers hand in while a write is in progress goes into the next write, one
 * store for all of them, so concurrent senders share the fixed cost of a write (a part per table,
 * fsynced). That write starts as soon as the one before is done, or at `maxEvents`; but when it
 * would hold fewer callers than there were as the one before ended, it waits for as many while they
 * keep coming less than `regroupMs` apart, so that senders posting one request after another keep
 * sharing a write. Each caller's messages are validated as they arrive, while the write before may
 * still be in progress; only the store waits. Within it identity holds as for one request: the
 * first line with an id is written, later ones are duplicates or conflicts, whichever caller sent
 * them.
 */
export function createSharedWrites(ingestor: StagedIngestor, bounds: { maxEvents: number; regroupMs: number }): SharedWrites {
  let waiting = 0;
  const accumulator = createAccumulator<ValidatedMessages, SharedWrite & { started: number; ended: number }>({
    maxItems: bounds.maxEvents,
    regroupMs: bounds.regroupMs,
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
      return {
        outcomes: ownOutcomes(shared, messages),
        seconds: { validate: (validated - arrived) / 1000, wait: (shared.started - validated) / 1000, write: (shared.ended - shared.started) / 1000 },
      };
    },
  };
}
