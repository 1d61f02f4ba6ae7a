import type { MessageOutcome, Rejected } from "./outcome.ts";

/** What one way in (Kafka worker, import, HTTP collector, replay) does with each message's outcome. */
export interface OutcomeHandlers<M> {
  /** Stored now, or on its topic for the worker to store. */
  accepted?(message: M, position: number, outcome: "written" | "queued"): void;
  /** Stored before with the same content: counted, nothing else. */
  duplicate?(message: M, position: number): void;
  /** Dead-lettered, answered to the HTTP sender or put in the rejects file, with the reason. */
  rejected(message: M, rejection: Rejected, position: number): void;
}

/** The one place outcomes turn into effects: each message's outcome, in order, to its way in's handler. */
export function settleOutcomes<M>(messages: readonly M[], outcomes: readonly MessageOutcome[], handlers: OutcomeHandlers<M>): void {
  for (let position = 0; position < outcomes.length; position++) {
    const outcome = outcomes[position]!;
    const message = messages[position]!;
    switch (outcome.tag) {
      case "written":
      case "queued":
        handlers.accepted?.(message, position, outcome.tag);
        break;
      case "duplicate":
        handlers.duplicate?.(message, position);
        break;
      default:
        handlers.rejected(message, outcome, position);
    }
  }
}
