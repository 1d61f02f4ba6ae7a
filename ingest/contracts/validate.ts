import type { DateTime } from "luxon";
import type { z } from "zod";
import { type EventKind, footfallEventSchema, ticketEventSchema } from "./events.ts";
import { yuanToFen } from "./money.ts";
import { readEventTime } from "./time.ts";
import type { RegisterLookup } from "../../transforms/register/register.ts";

/** Where a message came from: a topic partition and offset, or an import file and line. */
export interface EventSource {
  kind: "kafka" | "file";
  name: string;
  partition: number;
  position: number;
}

interface SourceColumns {
  source_kind: EventSource["kind"];
  source_name: string;
  source_partition: number;
  source_position: number;
}

export interface TicketRow extends SourceColumns {
  event_id: string;
  action: "sale" | "refund" | "redeem";
  site_id: string;
  operator_id: string;
  order_id: string;
  ticket_type: string;
  channel: string;
  quantity: number;
  amount_fen: number;
  occurred_at: string;
  local_date: string;
}

export interface FootfallRow extends SourceColumns {
  event_id: string;
  site_id: string;
  operator_id: string;
  gate_id: string;
  direction: "in" | "out";
  count: number;
  occurred_at: string;
  local_date: string;
}

export type ValidEvent = { kind: "ticket"; row: TicketRow } | { kind: "footfall"; row: FootfallRow };
export type Validation = ({ ok: true } & ValidEvent) | { ok: false; reason: string };

const invalid = (reason: string): Validation => ({ ok: false, reason });

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.join(".") || "event";
  return `${field}: ${issue.message}`;
}

function sourceColumns(source: EventSource): SourceColumns {
  return { source_kind: source.kind, source_name: source.name, source_partition: source.partition, source_position: source.position };
}

/**
 * Turns one message (Kafka value or import line) into a warehouse row, or says in words why not.
 * `expected` is the kind the topic carries; undefined for import files, which mix both kinds.
 */
export function validateEvent(text: string, expected: EventKind | undefined, register: RegisterLookup, now: DateTime, source: EventSource): Validation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return invalid(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return invalid("not a JSON object");
  const type = (json as { type?: unknown }).type;
  if (type !== "ticket" && type !== "footfall") return invalid(`type: expected "ticket" or "footfall", got ${JSON.stringify(type)}`);
  if (expected && type !== expected) return invalid(`wrong topic: a ${type} event on the ${expected} topic`);
  return type === "ticket" ? validateTicket(json, register, now, source) : validateFootfall(json, register, now, source);
}

function validateTicket(json: unknown, register: RegisterLookup, now: DateTime, source: EventSource): Validation {
  const parsed = ticketEventSchema.safeParse(json);
  if (!parsed.success) return invalid(firstIssue(parsed.error));
  const event = parsed.data;
  let amountFen = 0;
  if (event.amount_cny !== undefined) {
    const fen = yuanToFen(event.amount_cny);
    if (fen === null) return invalid(`amount_cny: expected an amount ≥ 0 with at most 2 decimals (up to 10000000), got ${JSON.stringify(event.amount_cny)}`);
    amountFen = fen;
  } else if (event.action !== "redeem") {
    return invalid(`amount_cny: required for a ${event.action}`);
  }
  if (event.action === "redeem" && amountFen !== 0) return invalid("amount_cny: a redeem carries no amount (0 or absent)");
  const time = readEventTime(event.occurred_at, now);
  if ("reason" in time) return invalid(time.reason);
  const siteOperator = register.siteOperator(event.site_id);
  if (siteOperator === undefined) return invalid(`site_id: unknown site ${JSON.stringify(event.site_id)}`);
  if (!register.hasOperator(event.operator_id)) return invalid(`operator_id: unknown operator ${JSON.stringify(event.operator_id)}`);
  if (siteOperator !== event.operator_id) return invalid(`operator_id: site ${event.site_id} is run by ${siteOperator}, not ${event.operator_id}`);
  return {
    ok: true,
    kind: "ticket",
    row: {
      event_id: event.event_id,
      action: event.action,
      site_id: event.site_id,
      operator_id: event.operator_id,
      order_id: event.order_id,
      ticket_type: event.ticket_type,
      channel: event.channel,
      quantity: event.quantity,
      amount_fen: amountFen,
      occurred_at: time.occurredAtUtc,
      local_date: time.localDate,
      ...sourceColumns(source),
    },
  };
}

function validateFootfall(json: unknown, register: RegisterLookup, now: DateTime, source: EventSource): Validation {
  const parsed = footfallEventSchema.safeParse(json);
  if (!parsed.success) return invalid(firstIssue(parsed.error));
  const event = parsed.data;
  const time = readEventTime(event.occurred_at, now);
  if ("reason" in time) return invalid(time.reason);
  const operatorId = register.siteOperator(event.site_id);
  if (operatorId === undefined) return invalid(`site_id: unknown site ${JSON.stringify(event.site_id)}`);
  if (!register.siteHasGate(event.site_id, event.gate_id)) return invalid(`gate_id: site ${event.site_id} has no gate ${JSON.stringify(event.gate_id)}`);
  return {
    ok: true,
    kind: "footfall",
    row: {
      event_id: event.event_id,
      site_id: event.site_id,
      operator_id: operatorId,
      gate_id: event.gate_id,
      direction: event.direction,
      count: event.count,
      occurred_at: time.occurredAtUtc,
      local_date: time.localDate,
      ...sourceColumns(source),
    },
  };
}
