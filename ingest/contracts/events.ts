import { z } from "zod";

/** Ids: printable, no control characters, 1–128 characters. */
const id = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

const amount = z.union([z.string(), z.number()]);

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
  occurred_at: z.string().max(64),
});

/** Wire format of `tourism.footfall` messages and footfall lines of import files. */
export const footfallEventSchema = z.object({
  type: z.literal("footfall"),
  event_id: id(128),
  site_id: id(64),
  gate_id: id(64),
  direction: z.enum(["in", "out"]),
  count: z.number().int().min(0).max(100_000),
  occurred_at: z.string().max(64),
});

export type TicketEvent = z.infer<typeof ticketEventSchema>;
export type FootfallEvent = z.infer<typeof footfallEventSchema>;
export type EventKind = "ticket" | "footfall";
