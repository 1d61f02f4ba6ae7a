import { DateTime } from "luxon";
import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";

/** Sites of the sample register (transforms/register/register.json) with the operator that runs each. */
export const testSites = [
  { site_id: "langxia-country-park", operator_id: "langxia-country-park-co", gate: "north-gate" },
  { site_id: "zhonghua-village", operator_id: "zhonghua-village-coop", gate: "village-gate" },
] as const;

export type WireEvent = Record<string, unknown> & { event_id: string; type: "ticket" | "footfall" };

/**
 * Valid wire events over a few local days around Qingming 2024, some stamped in UTC near local
 * midnight. Amounts are decimal strings; the expected totals are summed from these objects by
 * `expectedTotals`, independently of the pipeline.
 */
export function validEvents(count: number, seed: number, prefix = "e"): WireEvent[] {
  const random = mulberry32(seed);
  const events: WireEvent[] = [];
  for (let i = 0; i < count; i++) {
    const site = testSites[i % testSites.length]!;
    const day = 3 + Math.floor(random() * 4); // 2024-04-03 … 06 local
    const nearMidnight = random() < 0.1;
    // 23:30 UTC the day before is 07:30 local on `day`; otherwise a local time without offset.
    const occurred_at = nearMidnight
      ? `2024-04-${String(day - 1).padStart(2, "0")}T23:30:00Z`
      : `2024-04-${String(day).padStart(2, "0")}T${String(8 + Math.floor(random() * 10)).padStart(2, "0")}:15:00`;
    if (random() < 0.5) {
      events.push({
        type: "footfall",
        event_id: `${prefix}-f-${i}`,
        site_id: site.site_id,
        gate_id: site.gate,
        direction: random() < 0.8 ? "in" : "out",
        count: Math.floor(random() * 50),
        occurred_at,
      });
    } else {
      const action = random() < 0.9 ? "sale" : "refund";
      const yuan = Math.floor(random() * 300);
      const fen = Math.floor(random() * 100);
      events.push({
        type: "ticket",
        event_id: `${prefix}-t-${i}`,
        action,
        site_id: site.site_id,
        operator_id: site.operator_id,
        order_id: `o-${i}`,
        ticket_type: "adult",
        channel: "online",
        quantity: 1 + Math.floor(random() * 4),
        amount_cny: `${yuan}.${String(fen).padStart(2, "0")}`,
        occurred_at,
      });
    }
  }
  return events;
}

export interface DayTotals {
  visitors: number;
  revenue_fen: number;
  tickets_sold: number;
}

function localDay(occurredAt: string): string {
  // Only two shapes are generated: naive local times, and 23:30Z (next local day).
  if (!occurredAt.endsWith("Z")) return occurredAt.slice(0, 10);
  const d = new Date(occurredAt);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Totals per "day|site" summed straight from distinct wire events. */
export function expectedTotals(events: readonly WireEvent[]): Map<string, DayTotals> {
  const seen = new Set<string>();
  const totals = new Map<string, DayTotals>();
  for (const e of events) {
    if (seen.has(e.event_id)) continue;
    seen.add(e.event_id);
    const key = `${localDay(String(e.occurred_at))}|${String(e.site_id)}`;
    const t = totals.get(key) ?? { visitors: 0, revenue_fen: 0, tickets_sold: 0 };
    if (e.type === "footfall" && e.direction === "in") t.visitors += Number(e.count);
    if (e.type === "ticket") {
      const [yuan, fen] = String(e.amount_cny).split(".");
      const amount = Number(yuan) * 100 + Number(fen);
      if (e.action === "sale") {
        t.revenue_fen += amount;
        t.tickets_sold += Number(e.quantity);
      } else t.revenue_fen -= amount;
    }
    totals.set(key, t);
  }
  return totals;
}

/** The same totals as the warehouse's daily aggregates hold them. */
export async function warehouseTotals(warehouse: Warehouse): Promise<Map<string, DayTotals>> {
  const rows = await warehouse.query(
    `SELECT local_date, site_id, sum(visitors) AS visitors, sum(revenue) AS revenue, sum(sold) AS sold FROM (
       SELECT local_date, site_id, sum(visitors_in) AS visitors, toInt64(0) AS revenue, toUInt64(0) AS sold FROM footfall_events GROUP BY local_date, site_id
       UNION ALL
       SELECT local_date, site_id, toUInt64(0), sum(revenue_fen), sum(tickets_sold) FROM ticket_events GROUP BY local_date, site_id)
     GROUP BY local_date, site_id`,
    {},
    z.object({ local_date: date, site_id: z.string(), visitors: int64, revenue: int64, sold: int64 }),
  );
  return new Map(rows.map((r) => [`${r.local_date}|${r.site_id}`, { visitors: r.visitors, revenue_fen: r.revenue, tickets_sold: r.sold }]));
}

/**
 * A minute ago, but never before today's local midnight (Asia/Shanghai): just after midnight a
 * minute ago is yesterday, and live figures and alerts are about today.
 */
export function aMinuteAgoToday(): string {
  const now = DateTime.now().setZone("Asia/Shanghai");
  return DateTime.max(now.minus({ minutes: 1 }), now.startOf("day")).toISO()!;
}
