import { DateTime } from "luxon";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { type StorableEvent, storable } from "../../ingest/write/storable-event.ts";
import { validateEvent } from "../../ingest/steps/validate.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { Register } from "../../transforms/register/register.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import { eachDate } from "../../transforms/calendar/dates.ts";
import { aMinuteAgoToday } from "../support/events.ts";

export const park = { site: "langxia-country-park", operator: "langxia-country-park-co", gate: "north-gate" };
export const eco = { site: "langxia-eco-park", operator: "langxia-country-park-co", gate: "main-gate" };
export const village = { site: "zhonghua-village", operator: "zhonghua-village-coop", gate: "village-gate" };

/**
 * The hand-built data set the browser tests read, with its answers worked out by hand:
 * - every site 100 visitors a day through 2018–2019 (so both years are complete), except
 * - Langxia Country Park at Qingming 2018 (5–7 Apr): 2,200 + 2,200 + 2,199 = 6,599 and
 *   Qingming 2019 (5–7 Apr): 3,000 + 3,500 + 3,200 = 9,700 → +47.0 % (9,700 / 6,599 = 1.46992);
 * - park tickets: 2018 ¥500 a day = 150,000 fen; 2019 ¥600 a day less a ¥60 refund = 174,000 fen → +16.0 %;
 * - Qingming 2023 lasted one day (5 Apr: 1,500) and 2024 three (4–6 Apr: 1,000 + 1,200 + 800):
 *   not comparable; per day 1,000 against 1,500 → -33.3 %.
 */
export const dailyVisitors: Record<string, number> = {
  "2018-04-05": 2200,
  "2018-04-06": 2200,
  "2018-04-07": 2199,
  "2019-04-05": 3000,
  "2019-04-06": 3500,
  "2019-04-07": 3200,
  "2023-04-05": 1500,
  "2024-04-04": 1000,
  "2024-04-05": 1200,
  "2024-04-06": 800,
};

function footfall(who: { site: string; gate: string }, date: string, count: number): string {
  const event = {
    type: "footfall",
    event_id: `ff-${who.site}-${date}`,
    site_id: who.site,
    gate_id: who.gate,
    direction: "in",
    count,
    occurred_at: `${date}T10:00:00+08:00`,
  };
  return JSON.stringify(event);
}

function ticket(id: string, who: { site: string; operator: string }, date: string, action: "sale" | "refund", amount: string): string {
  const event = {
    type: "ticket",
    event_id: id,
    action,
    site_id: who.site,
    operator_id: who.operator,
    order_id: `order-${id}`,
    ticket_type: "adult",
    channel: "onsite",
    quantity: 1,
    amount_cny: amount,
    occurred_at: `${date}T11:00:00+08:00`,
  };
  return JSON.stringify(event);
}

function messages(): string[] {
  const out: string[] = [];
  for (const date of eachDate("2018-01-01", "2019-12-31")) {
    for (const who of [park, eco, village]) out.push(footfall(who, date, who === park ? (dailyVisitors[date] ?? 100) : 100));
  }
  for (const date of ["2023-04-05", "2024-04-04", "2024-04-05", "2024-04-06"]) out.push(footfall(park, date, dailyVisitors[date]!));
  for (const date of ["2018-04-05", "2018-04-06", "2018-04-07"]) out.push(ticket(`t-${date}`, park, date, "sale", "500.00"));
  for (const date of ["2019-04-05", "2019-04-06", "2019-04-07"]) out.push(ticket(`t-${date}`, park, date, "sale", "600.00"));
  out.push(ticket("t-2019-refund", park, "2019-04-06", "refund", "60.00"));
  out.push(ticket("t-village-2019", village, "2019-04-05", "sale", "80.00"));
  return out;
}

/** Validates and writes the data set through the one ingest path. */
export function writeDataSet(warehouse: Warehouse, register: Register): Promise<number> {
  return writeMessages(warehouse, register, messages());
}

/** A gate's entries a minute ago: today's footfall for the live view. */
export function entriesNow(who: { site: string; gate: string }, count: number, id: string): string {
  return JSON.stringify({ type: "footfall", event_id: id, site_id: who.site, gate_id: who.gate, direction: "in", count, occurred_at: aMinuteAgoToday() });
}

/** Validates and writes wire messages through the one ingest path. */
export async function writeMessages(warehouse: Warehouse, register: Register, texts: readonly string[]): Promise<number> {
  const lookup = registerLookup(register);
  const now = DateTime.now();
  const events: StorableEvent[] = texts.map((text, position) => {
    const result = validateEvent(text, undefined, lookup, now, { kind: "file", name: "dashboard-fixture", partition: 0, position });
    if (!result.ok) throw new Error(`fixture event rejected: ${result.reason}`);
    return storable(result.kind === "ticket" ? { kind: "ticket", row: result.row } : { kind: "footfall", row: result.row });
  });
  const summary = await createEventWriter(warehouse).write(events);
  return summary.written;
}
