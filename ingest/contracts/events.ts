import { z } from "zod";

declare global {
  interface String {
    /** ES2024, present in Node 20; the compile target's library predates it. */
    isWellFormed(): boolean;
  }
}

/**
 * Every string of the contract: well-formed Unicode. A lone surrogate cannot be written as UTF-8,
 * so the warehouse would refuse it or store other bytes than the ones its duplicate check looks for.
 */
const text = () => z.string().refine((s) => s.isWellFormed(), "must be well-formed Unicode (no lone surrogates)");

const noControlCharacters = /^[^\p{Cc}]+$/u;

/** Ids: printable, no control characters, 1–128 characters. */
const wordedId = (max: number) => text().min(1).max(max).regex(noControlCharacters, "must not contain control characters");

/** True when text has no control character (Unicode Cc: U+0000–001F, U+007F–009F) and no lone surrogate. */
function printable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f)) return false;
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = text.charCodeAt(i + 1); // NaN past the end
      if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
      i += 1;
    }
  }
  return true;
}

/**
 * An id as `wordedId` checks it, in one pass where it passes: the four checks one after another
 * cost an event's ids some 0.8 µs (`bench:validate`'s contract step: 2.1 against 1.3 µs). An id
 * that fails goes through them, which word its reason. The OpenAPI document still shows the bounds
 * and the pattern.
 */
const id = (max: number) => {
  const worded = wordedId(max);
  return z
    .string()
    .check((payload) => {
      const { value } = payload;
      if (value.length >= 1 && value.length <= max && printable(value)) return;
      const result = worded.safeParse(value);
      // Zod's own issues for this very value; its types tell a raw issue from a finished one.
      if (!result.success) payload.issues.push(...(result.error.issues as z.core.$ZodRawIssue[]));
    })
    .meta({ minLength: 1, maxLength: max, pattern: noControlCharacters.source });
};

const amount = z.union([text(), z.number()]);

/** Wire format of `tourism.tickets` messages and ticket lines of import files. */
export const ticketEventSchema = z.object({
  type: z.literal("ticket"),
  event_id: id(128),
  action: z.enum(["sale", "refund", "redeem"]),
  site_id: id(64),
  operator_id: id(64),
  order_id: id(128),
  ticket_type: z.enum(["adult", "child", "senior", "free", "package", "other"]),
  channel: z.enum(["onsite", "online", "ota", "group"]),
  quantity: z.number().int().min(1).max(10_000),
  amount_cny: amount.optional(),
  occurred_at: text().max(64),
});

/** Wire format of `tourism.footfall` messages and footfall lines of import files. */
export const footfallEventSchema = z.object({
  type: z.literal("footfall"),
  event_id: id(128),
  site_id: id(64),
  gate_id: id(64),
  direction: z.enum(["in", "out"]),
  count: z.number().int().min(0).max(100_000),
  occurred_at: text().max(64),
});

export type TicketEvent = z.infer<typeof ticketEventSchema>;
export type FootfallEvent = z.infer<typeof footfallEventSchema>;
