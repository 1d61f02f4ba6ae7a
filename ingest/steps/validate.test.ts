import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { RegisterLookup } from "../../transforms/register/register.ts";
import { type Validation, validateEvent, validateKind } from "./validate.ts";

const register: RegisterLookup = {
  siteOperator: (site) => ({ "langxia-country-park": "langxia-park-co", "dayun-farm": "dayun-coop" })[site],
  hasOperator: (op) => op === "langxia-park-co" || op === "dayun-coop",
  siteHasGate: (site, gate) => site === "langxia-country-park" && (gate === "north" || gate === "south"),
};
const now = DateTime.fromISO("2026-11-26T12:00:00Z");
const source = { kind: "file", name: "events.ndjson", partition: 0, position: 7 } as const;

const ticket = (over: Record<string, unknown> = {}) => ({
  type: "ticket",
  event_id: "t-1",
  action: "sale",
  site_id: "langxia-country-park",
  operator_id: "langxia-park-co",
  order_id: "o-1",
  ticket_type: "adult",
  channel: "online",
  quantity: 2,
  amount_cny: "68.50",
  occurred_at: "2024-04-04T10:00:00+08:00",
  ...over,
});
const footfall = (over: Record<string, unknown> = {}) => ({
  type: "footfall",
  event_id: "f-1",
  site_id: "langxia-country-park",
  gate_id: "north",
  direction: "in",
  count: 12,
  occurred_at: "2024-04-04T10:00:00",
  ...over,
});

const check = (event: unknown, expected?: "ticket" | "footfall"): Validation =>
  validateEvent(typeof event === "string" ? event : JSON.stringify(event), expected, register, now, source);
const reason = (event: unknown, expected?: "ticket" | "footfall"): string => {
  const result = check(event, expected);
  if (result.ok) throw new Error("expected invalid");
  return result.reason;
};

describe("ticket contract", () => {
  it("normalises a valid sale to fen, UTC instant, local date and source", () => {
    const result = check(ticket());
    expect(result).toEqual({
      ok: true,
      kind: "ticket",
      row: {
        event_id: "t-1",
        action: "sale",
        site_id: "langxia-country-park",
        operator_id: "langxia-park-co",
        order_id: "o-1",
        ticket_type: "adult",
        channel: "online",
        quantity: 2,
        amount_fen: 6850,
        occurred_at: "2024-04-04 02:00:00.000",
        local_date: "2024-04-04",
        source_kind: "file",
        source_name: "events.ndjson",
        source_partition: 0,
        source_position: 7,
      },
    });
  });

  it.each([
    ["68", 6800],
    [68.5, 6850],
    ["68.50", 6850],
    [0, 0],
    ["0.01", 1],
    [19999.99, 1999999],
  ])("accepts amount_cny %j as %i fen", (amount, fen) => {
    const result = check(ticket({ amount_cny: amount }));
    expect(result.ok && result.kind === "ticket" && result.row.amount_fen).toBe(fen);
  });

  it.each([["68.505"], [-1], ["-1"], ["1e3"], ["abc"], [Number.NaN], ["10000000.01"], [1e21]])("refuses amount_cny %j", (amount) => {
    expect(reason(ticket({ amount_cny: amount }))).toMatch(/^amount_cny/);
  });

  it("requires an amount on sales and refunds, and none on redemptions", () => {
    expect(reason(ticket({ amount_cny: undefined }))).toBe("amount_cny: required for a sale");
    expect(reason(ticket({ action: "refund", amount_cny: undefined }))).toBe("amount_cny: required for a refund");
    expect(check(ticket({ action: "redeem", amount_cny: undefined })).ok).toBe(true);
    expect(check(ticket({ action: "redeem", amount_cny: "0" })).ok).toBe(true);
    expect(reason(ticket({ action: "redeem", amount_cny: "5" }))).toMatch(/redeem carries no amount/);
  });

  it("puts 23:30 UTC on the next local day", () => {
    const result = check(ticket({ occurred_at: "2024-04-03T23:30:00Z" }));
    expect(result.ok && result.row.local_date).toBe("2024-04-04");
    expect(result.ok && result.row.occurred_at).toBe("2024-04-03 23:30:00.000");
  });

  it("reads a timestamp without offset as local time at the site", () => {
    const result = check(ticket({ occurred_at: "2024-04-04T00:10:00" }));
    expect(result.ok && result.row.occurred_at).toBe("2024-04-03 16:10:00.000");
    expect(result.ok && result.row.local_date).toBe("2024-04-04");
  });

  it.each([
    ["2014-12-31T23:59:59+08:00", /before 2015/],
    ["2026-11-26T12:05:00.001Z", /more than 5 minutes after this clock \(TOURISM_FUTURE_TOLERANCE_MINUTES\)/],
    ["2026-11-27T11:59:59Z", /more than 5 minutes after this clock/],
    ["yesterday", /not an ISO-8601/],
    ["2024-02-30T10:00:00", /not a valid timestamp/],
    ["2024-04-04", /not an ISO-8601 date and time/],
  ])("refuses occurred_at %s", (occurredAt, pattern) => {
    expect(reason(ticket({ occurred_at: occurredAt }))).toMatch(pattern);
  });

  it("accepts a timestamp up to the tolerance ahead (a source's clock running fast), and a tolerance given", () => {
    expect(check(ticket({ occurred_at: "2026-11-26T12:05:00Z" })).ok).toBe(true);
    expect(check(footfall({ occurred_at: "2026-11-26T20:05:00" })).ok).toBe(true);
    const text = JSON.stringify(footfall({ occurred_at: "2026-11-26T20:10:00" }));
    expect(validateEvent(text, undefined, register, now, source)).toEqual({ ok: false, reason: expect.stringMatching(/^occurred_at is more than 5 minutes/) });
    expect(validateEvent(text, undefined, register, now, source, 10).ok).toBe(true);
    expect(validateEvent(text, undefined, register, now, source, 9)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^occurred_at is more than 9 minutes/),
    });
  });

  it.each([
    [{ action: "gift" }, /^action/],
    [{ ticket_type: "vip" }, /^ticket_type/],
    [{ channel: "fax" }, /^channel/],
    [{ quantity: 0 }, /^quantity/],
    [{ quantity: 10001 }, /^quantity/],
    [{ quantity: 1.5 }, /^quantity/],
    [{ quantity: "2" }, /^quantity/],
    [{ event_id: "" }, /^event_id/],
    [{ event_id: "x".repeat(129) }, /^event_id/],
    [{ event_id: "a\u0000b" }, /^event_id: must not contain control characters/],
    [{ order_id: undefined }, /^order_id/],
  ])("refuses %j", (over, pattern) => {
    expect(reason(ticket(over))).toMatch(pattern);
  });

  it("keeps emoji and Chinese in ids, and ignores unknown fields", () => {
    const result = check(ticket({ event_id: "清明-🌸-1", extra: { nested: true } }));
    expect(result.ok && result.row.event_id).toBe("清明-🌸-1");
  });

  it("refuses unknown sites and operators, and an operator that does not run the site", () => {
    expect(reason(ticket({ site_id: "nowhere" }))).toBe('site_id: unknown site "nowhere"');
    expect(reason(ticket({ operator_id: "ghost" }))).toBe('operator_id: unknown operator "ghost"');
    expect(reason(ticket({ operator_id: "dayun-coop" }))).toMatch(/run by langxia-park-co/);
  });
});

describe("footfall contract", () => {
  it("normalises a gate count and takes the operator from the register", () => {
    const result = check(footfall(), "footfall");
    expect(result.ok && result.row).toMatchObject({
      operator_id: "langxia-park-co",
      count: 12,
      local_date: "2024-04-04",
      occurred_at: "2024-04-04 02:00:00.000",
    });
  });

  it.each([
    [{ count: -1 }, /^count/],
    [{ count: 100001 }, /^count/],
    [{ direction: "sideways" }, /^direction/],
    [{ gate_id: "" }, /^gate_id/],
    [{ site_id: "nowhere" }, /^site_id: unknown site/],
  ])("refuses %j", (over, pattern) => {
    expect(reason(footfall(over))).toMatch(pattern);
  });

  it("accepts a zero count", () => {
    expect(check(footfall({ count: 0 })).ok).toBe(true);
  });

  it("refuses a gate the register does not list for the site", () => {
    expect(check(footfall({ gate_id: "south" })).ok).toBe(true);
    expect(reason(footfall({ gate_id: "west" }))).toBe('gate_id: site langxia-country-park has no gate "west"');
    expect(reason(footfall({ site_id: "dayun-farm" }))).toBe('gate_id: site dayun-farm has no gate "north"');
  });
});

describe("well-formed Unicode", () => {
  const wellFormedReason = "must be well-formed Unicode (no lone surrogates)";

  // Every string field of each contract, found from a valid event rather than listed by hand.
  // check() sends events through JSON.stringify, which writes a lone surrogate as a JSON escape.
  const stringFields = (event: Record<string, unknown>) => Object.keys(event).filter((field) => field !== "type" && typeof event[field] === "string");

  it.each([
    ["ticket", ticket()],
    ["footfall", footfall()],
  ] as const)("refuses a lone surrogate in every string field of a %s, naming the field", (_, event) => {
    const fields = stringFields(event);
    expect(fields.length).toBeGreaterThan(3);
    for (const field of fields) {
      for (const bad of [`${String(event[field as keyof typeof event])}\ud800`, "\udfff-low", "\udc00\ud800"]) {
        expect(reason({ ...event, [field]: bad }), `${field}=${JSON.stringify(bad)}`).toMatch(new RegExp(`^${field}: `));
      }
    }
    for (const field of ["event_id", "site_id", "occurred_at"]) {
      expect(reason({ ...event, [field]: "poison-\ud800" })).toBe(`${field}: ${wellFormedReason}`);
    }
  });

  it("keeps well-formed astral characters, bidi controls and replacement characters", () => {
    for (const id of ["🌸\u{1F600}", "a\u202Eb\u2066c", "\uFFFD", "𠀀-清明"]) {
      const result = check(ticket({ event_id: id, order_id: id }));
      expect(result.ok && result.row.event_id).toBe(id);
    }
  });

  it("still refuses NUL and other control characters in ids", () => {
    for (const id of ["a\u0000b", "a\u007Fb", "a\u009Bb", "line\nbreak"]) {
      expect(reason(ticket({ order_id: id }))).toBe("order_id: must not contain control characters");
    }
  });
});

describe("message framing", () => {
  it.each([
    ['{"type":"ticket","event_id":', /^not JSON/],
    ["[1,2]", /^not a JSON object/],
    ["null", /^not a JSON object/],
    ['{"type":"parking"}', /^type: expected "ticket" or "footfall"/],
  ])("refuses %s", (text, pattern) => {
    expect(reason(text)).toMatch(pattern);
  });

  it("refuses an event on the other kind's topic", () => {
    expect(reason(footfall(), "ticket")).toBe("wrong topic: a footfall event on the ticket topic");
  });
});

describe("validateKind, the step after parse", () => {
  it("takes a parsed object and gives the row of its kind", () => {
    const result = validateKind(footfall(), "footfall", register, now, source);
    expect(result).toMatchObject({ ok: true, kind: "footfall", row: { event_id: "f-1", operator_id: "langxia-park-co", source_position: 7 } });
  });

  it("refuses an object of no kind, or of the other topic's kind, before its contract is read", () => {
    expect(validateKind({ type: "parking" }, undefined, register, now, source)).toEqual({
      ok: false,
      reason: 'type: expected "ticket" or "footfall", got "parking"',
    });
    expect(validateKind({ type: "footfall" }, "ticket", register, now, source)).toEqual({
      ok: false,
      reason: "wrong topic: a footfall event on the ticket topic",
    });
  });
});
