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

/** Ids: printable, no control characters, 1–128 characters. */
const id = (max: number) =>
  text()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

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
