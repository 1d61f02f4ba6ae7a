import type { FootfallEvent } from "../contracts/events.ts";
import { localTimestamp } from "./clock-time.ts";
import type { DayPlan } from "./demand.ts";
import { type Rng, apportion } from "./rng.ts";

/**
 * The day's gate counts: entries per gate per interval (the day, or each opening hour), stamped
 * at the interval's end; with hourly detail also each gate's exits at closing time. Entries over
 * all gates and intervals sum to the day's visitors exactly; everyone leaves by closing time.
 * A day with nobody (a closure) still reports a zero per gate: the day has data, and it is 0.
 */
export function footfallEvents(plan: DayPlan, idPrefix: string, rng: Rng): FootfallEvent[] {
  const { profile, date, visitors } = plan;
  const { gates } = profile;
  const slots = plan.detail === "hourly" ? profile.closeHour - profile.openHour : 1;
  const gateWeights = gates.map((_, g) => (g === 0 ? 0.55 : 0.45 / Math.max(1, gates.length - 1)) * Math.exp(0.1 * rng.normal()));
  // Mornings are busier: interval s of n gets weight n − s.
  const ins = apportion(
    visitors,
    gateWeights.flatMap((w) => Array.from({ length: slots }, (_, s) => w * (slots - s))),
  );
  const outs = plan.detail === "hourly" ? apportion(visitors, gateWeights) : [];
  const minutes = (profile.closeHour - profile.openHour) * 60;
  const events: FootfallEvent[] = [];
  if (visitors === 0) {
    const at = localTimestamp(date, profile.closeHour * 60 - 1, 59);
    return gates.map((gate, g) => ({
      type: "footfall",
      event_id: `${idPrefix}/${profile.siteId}/${date}/${plan.detail[0]}f${g}z`,
      site_id: profile.siteId,
      gate_id: gate,
      direction: "in",
      count: 0,
      occurred_at: at,
    }));
  }
  gates.forEach((gate, g) => {
    const id = `${idPrefix}/${profile.siteId}/${date}/${plan.detail[0]}f${g}`;
    for (let s = 0; s < slots; s++) {
      const count = ins[g * slots + s]!;
      const at = localTimestamp(date, profile.openHour * 60 + ((s + 1) * minutes) / slots - 1, 59);
      if (count > 0)
        events.push({ type: "footfall", event_id: `${id}.${s}i`, site_id: profile.siteId, gate_id: gate, direction: "in", count, occurred_at: at });
    }
    if ((outs[g] ?? 0) > 0) {
      const at = localTimestamp(date, profile.closeHour * 60 - 1, 59);
      events.push({ type: "footfall", event_id: `${id}o`, site_id: profile.siteId, gate_id: gate, direction: "out", count: outs[g]!, occurred_at: at });
    }
  });
  return events;
}
