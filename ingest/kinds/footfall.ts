import { type FootfallEvent, footfallEventSchema } from "../contracts/events.ts";
import { readEventTime } from "../contracts/time.ts";
import type { EventKindSpec, SourceColumns } from "./event-kind.ts";

/** A gate count's columns in footfall_events; the operator comes from the register. */
export interface FootfallFields {
  event_id: string;
  site_id: string;
  operator_id: string;
  gate_id: string;
  direction: "in" | "out";
  count: number;
  occurred_at: string;
  local_date: string;
}

export type FootfallRow = FootfallFields & SourceColumns;

/** Entries and exits per gate and interval from turnstiles and cameras. */
export const footfallKind: EventKindSpec<"footfall", FootfallEvent, FootfallFields> = {
  kind: "footfall",
  schema: footfallEventSchema,
  toRow(event, register, now, source, toleranceMinutes) {
    const time = readEventTime(event.occurred_at, now, toleranceMinutes);
    if ("reason" in time) return time;
    const operatorId = register.siteOperator(event.site_id);
    if (operatorId === undefined) return { reason: `site_id: unknown site ${JSON.stringify(event.site_id)}` };
    if (!register.siteHasGate(event.site_id, event.gate_id)) return { reason: `gate_id: site ${event.site_id} has no gate ${JSON.stringify(event.gate_id)}` };
    return {
      row: {
        event_id: event.event_id,
        site_id: event.site_id,
        operator_id: operatorId,
        gate_id: event.gate_id,
        direction: event.direction,
        count: event.count,
        occurred_at: time.occurredAtUtc,
        local_date: time.localDate,
        ...source,
      },
    };
  },
  columns: ["event_id", "site_id", "operator_id", "gate_id", "direction", "count", "occurred_at", "local_date"],
  table: "footfall_events",
  topicSetting: "KAFKA_TOPIC_FOOTFALL",
  // The operator is the register's, not the event's: a register change must not make a re-delivery a conflict.
  digestFields: ["site_id", "gate_id", "direction", "count", "occurred_at"],
  dailyFigures: { visitors: "sum(visitors_in)" },
};
