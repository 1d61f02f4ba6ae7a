import { describe, expect, it } from "vitest";
import { duplicate, invalid, written } from "../steps/outcome.ts";
import type { IncomingMessage, IngestOutcome } from "./ingest-messages.ts";
import { ownOutcomes } from "./own-outcomes.ts";

const message = (position: number): IncomingMessage => ({ text: "{}", source: { kind: "http", name: "staff", partition: 0, position } });

describe("ownOutcomes", () => {
  it("gives each caller the run of a shared write's outcomes that its own messages have, in its order", () => {
    const first = [message(0), message(1)];
    const second = [message(0), message(1), message(2)];
    const outcomes = [written, invalid("first's"), duplicate, written, invalid("second's")];
    const shared = { messages: [...first, ...second], outcome: { outcomes } as IngestOutcome };
    expect(ownOutcomes(shared, first)).toEqual([written, invalid("first's")]);
    expect(ownOutcomes(shared, second)).toEqual([duplicate, written, invalid("second's")]);
    expect(ownOutcomes(shared, [])).toEqual([]);
  });
});
