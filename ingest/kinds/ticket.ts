import { type TicketEvent, ticketEventSchema } from "../contracts/events.ts";
import { yuanToFen } from "../contracts/money.ts";
import { readEventTime } from "../contracts/time.ts";
import type { EventKindSpec, SourceColumns } from "./event-kind.ts";

/** A ticket line's columns in ticket_events. */
export interface TicketFields {
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

export type TicketRow = TicketFields & SourceColumns;

/** Sales, refunds and redemptions from ticket offices, online/OTA channels and package sellers. */
export const ticketKind: EventKindSpec<"ticket", TicketEvent, TicketFields> = {
  kind: "ticket",
  schema: ticketEventSchema,
  toRow(event, register, now, source, toleranceMinutes) {
    let amountFen = 0;
    if (event.amount_cny !== undefined) {
      const fen = yuanToFen(event.amount_cny);
      if (fen === null)
        return { reason: `amount_cny: expected an amount ≥ 0 with at most 2 decimals (up to 10000000), got ${JSON.stringify(event.amount_cny)}` };
      amountFen = fen;
    } else if (event.action !== "redeem") {
      return { reason: `amount_cny: required for a ${event.action}` };
    }
    if (event.action === "redeem" && amountFen !== 0) return { reason: "amount_cny: a redeem carries no amount (0 or absent)" };
    const time = readEventTime(event.occurred_at, now, toleranceMinutes);
    if ("reason" in time) return time;
    const siteOperator = register.siteOperator(event.site_id);
    if (siteOperator === undefined) return { reason: `site_id: unknown site ${JSON.stringify(event.site_id)}` };
    if (!register.hasOperator(event.operator_id)) return { reason: `operator_id: unknown operator ${JSON.stringify(event.operator_id)}` };
    if (siteOperator !== event.operator_id) return { reason: `operator_id: site ${event.site_id} is run by ${siteOperator}, not ${event.operator_id}` };
    return {
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
        ...source,
      },
    };
  },
  columns: ["event_id", "action", "site_id", "operator_id", "order_id", "ticket_type", "channel", "quantity", "amount_fen", "occurred_at", "local_date"],
  table: "ticket_events",
  topicSetting: "KAFKA_TOPIC_TICKETS",
  digestFields: ["action", "site_id", "operator_id", "order_id", "ticket_type", "channel", "quantity", "amount_fen", "occurred_at"],
  dailyFigures: {
    revenueFen: "sum(revenue_fen)",
    revenueOperators: { count: "uniqUpToIf(2)(operator_id, tickets_sold + tickets_refunded > 0)", upTo: 2 },
  },
};
