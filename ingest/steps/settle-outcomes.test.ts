import { describe, expect, it } from "vitest";
import { duplicate, invalid, type MessageOutcome, queued, written } from "./outcome.ts";
import { settleOutcomes } from "./settle-outcomes.ts";

describe("settleOutcomes", () => {
  it("hands each message to the handler of its outcome, with its position, in order", () => {
    const messages = ["a", "b", "c", "d", "e", "f"];
    const outcomes: MessageOutcome[] = [
      written,
      duplicate,
      invalid("not JSON: Unexpected end of JSON input"),
      { tag: "conflict", reason: "conflicts with stored event" },
      queued,
      { tag: "refused", reason: "Constraint violated" },
    ];
    const seen: string[] = [];
    settleOutcomes(messages, outcomes, {
      accepted: (message, position, tag) => seen.push(`${position}:${message} ${tag}`),
      duplicate: (message, position) => seen.push(`${position}:${message} duplicate`),
      rejected: (message, { tag, reason }, position) => seen.push(`${position}:${message} ${tag} (${reason})`),
    });
    expect(seen).toEqual([
      "0:a written",
      "1:b duplicate",
      "2:c invalid (not JSON: Unexpected end of JSON input)",
      "3:d conflict (conflicts with stored event)",
      "4:e queued",
      "5:f refused (Constraint violated)",
    ]);
  });

  it("needs a handler for the rejected only: stored and duplicate messages may pass unremarked", () => {
    const rejected: string[] = [];
    settleOutcomes(["a", "b", "c"], [written, duplicate, invalid("not a JSON object")], { rejected: (message) => rejected.push(message) });
    expect(rejected).toEqual(["c"]);
  });
});
