import { describe, expect, it } from "vitest";
import { z } from "zod";
import { mulberry32 } from "../simulate/rng.ts";
import { footfallEventSchema, ticketEventSchema } from "./events.ts";

/** The id contract as zod's own chain words it, written out here: what the schemas must answer, fast path or not. */
const wordedId = (max: number) =>
  z
    .string()
    .refine((s) => s.isWellFormed(), "must be well-formed Unicode (no lone surrogates)")
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

const ticket = {
  type: "ticket",
  event_id: "t-1",
  action: "sale",
  site_id: "langxia-country-park",
  operator_id: "langxia-park-co",
  order_id: "o-1",
  ticket_type: "adult",
  channel: "online",
  quantity: 2,
  amount_cny: "137.00",
  occurred_at: "2024-04-04T10:15:00+08:00",
};
const footfall = {
  type: "footfall",
  event_id: "f-1",
  site_id: "langxia-country-park",
  gate_id: "north",
  direction: "in",
  count: 3,
  occurred_at: "2024-04-04T10:15:00+08:00",
};

/** What a parse answers: accepted, or its first issue as the validate step words it. */
function answer(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) return "ok";
  const issue = result.error.issues[0]!;
  return `${issue.path.join(".")}: ${issue.message} (${issue.code})`;
}

const pieces = ["a", "-", "廊", "😀", "\ud83d", "\ude00", "\u0000", "\n", "\u001f", " ", "\u007f", "\u0085", "\u009f", "\u00a0", "\u2028", "\ufeff"];

/** Seeded strings of the pieces, and lengths around every bound. */
function* hostileIds(): Generator<string> {
  const random = mulberry32(11);
  const below = (n: number) => Math.floor(random() * n);
  for (let n = 0; n < 3000; n++) {
    let text = "";
    for (let length = below(6); length > 0; length--) text += pieces[below(pieces.length)];
    yield text;
  }
  for (const length of [0, 1, 63, 64, 65, 127, 128, 129]) {
    yield "x".repeat(length);
    yield `${"x".repeat(Math.max(0, length - 1))}\u0001`;
    yield `${"x".repeat(Math.max(0, length - 1))}\ud800`;
  }
}

describe("an event's ids", () => {
  it("are accepted and refused, with the same first reason, as zod's chain of checks words them", () => {
    const cases = [
      { schema: ticketEventSchema, event: ticket, field: "event_id", max: 128 },
      { schema: ticketEventSchema, event: ticket, field: "order_id", max: 128 },
      { schema: ticketEventSchema, event: ticket, field: "site_id", max: 64 },
      { schema: ticketEventSchema, event: ticket, field: "operator_id", max: 64 },
      { schema: footfallEventSchema, event: footfall, field: "gate_id", max: 64 },
    ].map((c) => ({ ...c, reference: z.object({ ...c.schema.shape, [c.field]: wordedId(c.max) }) }));
    for (const text of hostileIds()) {
      for (const { schema, event, field, reference } of cases) {
        const value = { ...event, [field]: text };
        expect(answer(schema, value), `${field}=${JSON.stringify(text)}`).toBe(answer(reference, value));
      }
    }
  });

  it("show their bounds and pattern in the JSON Schema the OpenAPI document is made of", () => {
    const properties = (z.toJSONSchema(ticketEventSchema, { io: "input" }) as { properties: Record<string, object> }).properties;
    expect(properties.event_id).toEqual({ type: "string", minLength: 1, maxLength: 128, pattern: "^[^\\p{Cc}]+$" });
    expect(properties.site_id).toEqual({ type: "string", minLength: 1, maxLength: 64, pattern: "^[^\\p{Cc}]+$" });
  });
});
