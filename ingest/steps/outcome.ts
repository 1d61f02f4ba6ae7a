/** What one step makes of its input: the value it hands to the next step, or why the message goes no further. */
export type StepResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A message not stored, and why: it failed a step (decode, parse, validate), re-used a stored id for other content, or the warehouse refused it. */
export interface Rejected {
  tag: "invalid" | "conflict" | "refused";
  reason: string;
}

/**
 * The one outcome of a message's way through decode → parse → validate(kind) → store: stored now
 * (`written`), handed on to a topic for the worker to store (`queued`), stored before with the same
 * content (`duplicate`), or not stored, with the reason.
 */
export type MessageOutcome = { tag: "written" } | { tag: "queued" } | { tag: "duplicate" } | Rejected;

// Shared: a write's outcomes are mostly these, and one object serves them all.
export const written: MessageOutcome = Object.freeze({ tag: "written" });
export const queued: MessageOutcome = Object.freeze({ tag: "queued" });
export const duplicate: MessageOutcome = Object.freeze({ tag: "duplicate" });
export const invalid = (reason: string): Rejected => ({ tag: "invalid", reason });
