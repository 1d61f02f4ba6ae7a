import type { FootfallEvent } from "../contracts/events.ts";
import { localTimestamp } from "./clock-time.ts";
import type { DayPlan } from "./demand.ts";
import { hourMinutes, gateDay, intervalEnd, intervalMinutes } from "./intraday.ts";
import { type Rng, apportion } from "./rng.ts";

/**
 * The day's gate counts. Daily detail: one entry count per gate, stamped at closing. Hourly and
 * intraday detail: entries and exits per gate per clock hour or counting interval (intraday.ts),
 * stamped just before the interval's end; a gate reports its entries every interval, 0 too, so the
 * time a count covers (since the gate's previous one) is never longer than the interval. Entries
 * over all gates sum to the day's visitors exactly; with finer detail than daily everyone leaves
 * by closing. A day with nobody (a closure) still reports a zero per gate: the day has data, and it is 0.
 */
export function footfallEvents(plan: DayPlan, idPrefix: string, rng: Rng): FootfallEvent[] {
  const { profile, date, visitors } = plan;
  const { gates, opening } = profile;
  const gateWeights = gates.map((_, g) => (g === 0 ? 0.55 : 0.45 / Math.max(1, gates.length - 1)) * Math.exp(0.1 * rng.normal()));
  const perGate = apportion(visitors, gateWeights);
  const closing = localTimestamp(date, opening.to - 1, 59);
  const { siteId } = profile;
  // Each event as one object literal, keys in the wire order: spreading a shared base into each made generation several times slower.
  const countEvent = (event_id: string, gate_id: string, direction: "in" | "out", count: number, occurred_at: string): FootfallEvent => ({
    type: "footfall",
    site_id: siteId,
    event_id,
    gate_id,
    direction,
    count,
    occurred_at,
  });
  if (visitors === 0) return gates.map((gate, g) => countEvent(`${idPrefix}/${siteId}/${date}/${plan.detail[0]}f${g}z`, gate, "in", 0, closing));
  const events: FootfallEvent[] = [];
  gates.forEach((gate, g) => {
    const id = `${idPrefix}/${siteId}/${date}/${plan.detail[0]}f${g}`;
    if (plan.detail === "daily") {
      if (perGate[g]! > 0) events.push(countEvent(`${id}.0i`, gate, "in", perGate[g]!, closing));
      return;
    }
    const minutes = plan.detail === "hourly" ? hourMinutes : intervalMinutes;
    const day = gateDay(perGate[g]!, opening, rng, minutes);
    day.entries.forEach((entries, s) => {
      const at = localTimestamp(date, intervalEnd(opening, s, minutes) - 1, 59);
      events.push(countEvent(`${id}.${s}i`, gate, "in", entries, at));
      if (day.exits[s]! > 0) events.push(countEvent(`${id}.${s}o`, gate, "out", day.exits[s]!, at));
    });
  });
  return events;
}
