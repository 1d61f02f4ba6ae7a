import { type Level, type Measure, measures, nextLevel, occupancy } from "../live/capacity.ts";
import type { AlertFacts } from "./alert-store.ts";

/** A site's footfall since local midnight up to and including one event time. */
export interface RunningFootfall {
  /** The event time (epoch ms): every event stamped at it is counted. */
  atMs: number;
  entries: number;
  exits: number;
}

/** A change of level as a day's events in time order show it: a stored alert's facts, at an event time. */
export type Crossing = Pick<AlertFacts, "measure" | "level" | "previous_level" | "crossing" | "figure" | "capacity"> & {
  /** The event time at which the level changed. */
  atMs: number;
};

const figureOf = (measure: Measure, point: RunningFootfall) => (measure === "instant" ? occupancy(point.entries, point.exits) : point.entries);

/**
 * Walks the level machine across every event time of a day, in time order, for both measures:
 * the crossings and the levels at the last time. The same running series gives the same answer
 * however its events were batched on the way in.
 */
export function crossingsOf(series: readonly RunningFootfall[], capacity: Record<Measure, number>): { crossings: Crossing[]; levels: Record<Measure, Level> } {
  const crossings: Crossing[] = [];
  const levels: Record<Measure, Level> = { instant: "normal", daily: "normal" };
  for (const measure of measures) {
    let count = 0;
    for (const point of series) {
      const figure = figureOf(measure, point);
      const level = nextLevel(levels[measure], figure, capacity[measure]);
      if (level === levels[measure]) continue;
      count += 1;
      crossings.push({ measure, level, previous_level: levels[measure], crossing: count, figure, capacity: capacity[measure], atMs: point.atMs });
      levels[measure] = level;
    }
  }
  return { crossings: crossings.sort((a, b) => a.atMs - b.atMs), levels };
}
