import { describe, expect, it } from "vitest";
import { csvRecordToEvent } from "./read-events.ts";

describe("csvRecordToEvent", () => {
  it("reads the contracts' number fields as numbers and leaves every other cell text", () => {
    expect(csvRecordToEvent({ type: "ticket", event_id: "42", quantity: "3", amount_cny: "68", count: "12", occurred_at: "2024-04-04T10:00:00" })).toEqual({
      type: "ticket",
      event_id: "42",
      quantity: 3,
      amount_cny: "68",
      count: 12,
      occurred_at: "2024-04-04T10:00:00",
    });
  });

  it("drops empty cells and keeps a number field that is not an integer as text, for the contract to name", () => {
    expect(csvRecordToEvent({ type: "footfall", count: "1.5", gate_id: "" })).toEqual({ type: "footfall", count: "1.5" });
  });
});
