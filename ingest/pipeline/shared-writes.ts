import type { MessageOutcome } from "../steps/outcome.ts";
import { createAccumulator } from "./accumulator.ts";
import type { IncomingMessage, MessageIngestor } from "./ingest-messages.ts";
import { ownOutcomes, type SharedWrite } from "./own-outcomes.ts";

export interface SharedWrites {
  /** Resolves once the write holding these messages is stored, with their outcomes in order; throws as that write did. */
  ingest(messages: readonly IncomingMessage[]): Promise<MessageOutcome[]>;
}

/**
 * Group commit: what callers hand in while a write is in progress goes into the next write, one
 * ingestor call for all of them, so concurrent senders share the fixed cost of a write (a part per
 * table, fsynced). That write starts as soon as the one before is done, or at `maxEvents`. Within it
 * identity holds as for one request: the first line with an id is written, later ones are
 * duplicates or conflicts, whichever caller sent them.
 */
export function createSharedWrites(ingestor: MessageIngestor, maxEvents: number): SharedWrites {
  let waiting = 0;
  const accumulator = createAccumulator<IncomingMessage, SharedWrite>({
    maxItems: maxEvents,
    callers: () => waiting,
    flush: async (messages) => ({ outcome: await ingestor.ingest(messages), messages }),
  });
  return {
    async ingest(messages) {
      waiting += 1;
      let shared: SharedWrite;
      try {
        shared = await accumulator.submit(messages);
      } finally {
        waiting -= 1;
        accumulator.callerLeft();
      }
      return ownOutcomes(shared, messages);
    },
  };
}
