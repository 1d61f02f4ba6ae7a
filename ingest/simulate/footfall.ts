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
  const base = { type: "footfall" as const, site_id: profile.siteId };
  if (visitors === 0) {
    return gates.map((gate, g) => ({
      ...base,
      event_id: `${idPrefix}/${profile.siteId}/${date}/${plan.detail[0]}f${g}z`,
      gate_id: gate,
      direction: "in",
      count: 0,
      occurred_at: closing,
    }));
  }
  return gates.flatMap((gate, g): FootfallEvent[] => {
    const id = `${idPrefix}/${profile.siteId}/${date}/${plan.detail[0]}f${g}`;
    if (plan.detail === "daily")
      return perGate[g]! > 0 ? [{ ...base, event_id: `${id}.0i`, gate_id: gate, direction: "in", count: perGate[g]!, occurred_at: closing }] : [];
    const minutes = plan.detail === "hourly" ? hourMinutes : intervalMinutes;
    const day = gateDay(perGate[g]!, opening, rng, minutes);
    return day.entries.flatMap((entries, s) => {
      const at = localTimestamp(date, intervalEnd(opening, s, minutes) - 1, 59);
      const counts = [
        { direction: "in" as const, count: entries },
        { direction: "out" as const, count: day.exits[s]! },
      ];
      return counts
        .filter((c) => c.direction === "in" || c.count > 0)
        .map((c) => ({ ...base, event_id: `${id}.${s}${c.direction[0]}`, gate_id: gate, direction: c.direction, count: c.count, occurred_at: at }));
    });
  });
}
