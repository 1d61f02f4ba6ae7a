import { z } from "zod";
import { footfallEventSchema, ticketEventSchema } from "../../ingest/contracts/events.ts";

/** One event's fate, in the order sent: stored now, stored before (same content), or not stored and why. */
export const eventOutcomeSchema = z.object({
  event_id: z.string().nullable().describe("the event's event_id as sent; null when it has none"),
  outcome: z.enum(["written", "queued", "duplicate", "conflict", "rejected"]),
  reason: z.string().optional().describe("why a conflict or a rejected event was not stored"),
});

/** The answer of POST /api/events: totals, and one outcome per event in the order sent. */
export const collectAnswerSchema = z.object({
  received: z.int(),
  written: z.int(),
  queued: z.int().describe("events produced to their Kafka topic (run with KAFKA_BROKERS), for the ingest worker to write"),
  duplicates: z.int(),
  conflicts: z.int(),
  rejected: z.int(),
  events: z.array(eventOutcomeSchema),
});

/** The body of POST /api/events as documented: event contracts, as a JSON array (or NDJSON, one a line). */
export const collectBodySchema = z.array(z.union([ticketEventSchema, footfallEventSchema]));

export type EventOutcome = z.infer<typeof eventOutcomeSchema>;
export type CollectAnswer = z.infer<typeof collectAnswerSchema>;
