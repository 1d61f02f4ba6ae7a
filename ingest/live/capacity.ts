/** Capacity levels (LB/T 034-2014 and the Tourism Law): 80 % is the warning line, 100 % is full. */
export const levels = ["normal", "warning", "full"] as const;
export type Level = (typeof levels)[number];

/** instant: visitors inside against the instantaneous maximum; daily: entries today against the daily maximum. */
export const measures = ["instant", "daily"] as const;
export type Measure = (typeof measures)[number];

/** Percent thresholds; a level clears only below a lower line, so a count wavering at 80 % does not flap. */
export const thresholds = { warning: 80, warningClears: 75, full: 100, fullClears: 95 } as const;

/** Visitors inside: entries minus exits since local midnight. Counters drift, so never below zero. */
export function occupancy(entries: number, exits: number): number {
  return Math.max(0, entries - exits);
}

/** figure / capacity in percent, one decimal; null without a capacity. */
export function percentOf(figure: number, capacity: number | null | undefined): number | null {
  if (!capacity) return null;
  return Math.round((figure * 1000) / capacity) / 10;
}

/** Whether figure ≥ percent % of capacity, in integers (79.96 % is not 80 %). */
const atLeast = (figure: number, capacity: number, percent: number) => figure * 100 >= capacity * percent;

/** The level after `previous` for a new figure, with hysteresis: warning clears below 75 %, full below 95 %. */
export function nextLevel(previous: Level, figure: number, capacity: number | null | undefined): Level {
  if (!capacity) return "normal";
  if (atLeast(figure, capacity, thresholds.full)) return "full";
  if (previous === "full" && atLeast(figure, capacity, thresholds.fullClears)) return "full";
  if (atLeast(figure, capacity, thresholds.warning)) return "warning";
  if (previous !== "normal" && atLeast(figure, capacity, thresholds.warningClears)) return "warning";
  return "normal";
}
