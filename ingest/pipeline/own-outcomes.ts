import type { MessageOutcome } from "../steps/outcome.ts";
import type { IncomingMessage, IngestOutcome } from "./ingest-messages.ts";

/** One write shared by several callers (see accumulator.ts): what it held, and its outcome. */
export interface SharedWrite {
  messages: readonly IncomingMessage[];
  outcome: IngestOutcome;
}

/**
 * One caller's outcomes in a shared write, in the order it gave its messages: the accumulator keeps
 * each caller's messages together and in order, so they are one run of the write's outcomes.
 */
export function ownOutcomes(shared: SharedWrite, own: readonly IncomingMessage[]): MessageOutcome[] {
  if (own.length === 0) return [];
  const start = shared.messages.indexOf(own[0]!);
  return shared.outcome.outcomes.slice(start, start + own.length);
}
