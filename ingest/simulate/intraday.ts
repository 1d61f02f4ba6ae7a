import { type Rng, apportion } from "./rng.ts";
import type { Opening } from "./scenario.ts";

/** Gate counters report every quarter of an hour on a live day. */
export const intervalMinutes = 15;
/** History's holiday days keep hourly counts: enough to cut a bulletin at its hour, a quarter of the events. */
export const hourMinutes = 60;
/** Gates stop admitting an hour before closing (停止入园), so late visitors still get some time inside. */
const lastEntryMinutes = 60;

/**
 * The day's intervals: they end on the clock's whole multiples of `minutes` (a counter on an hourly
 * grid reports at 09:00, 10:00, …), the first starting at opening and the last ending at closing.
 */
export function intervalCount(opening: Opening, minutes = intervalMinutes): number {
  return Math.ceil(opening.to / minutes) - Math.floor(opening.from / minutes);
}

/** Local minute of the day an interval ends (at most closing): its counts are stamped just before it. */
export function intervalEnd(opening: Opening, interval: number, minutes = intervalMinutes): number {
  return Math.min(opening.to, (Math.floor(opening.from / minutes) + interval + 1) * minutes);
}

/** Local minute of the day an interval starts (at least opening). */
const intervalStart = (opening: Opening, interval: number, minutes: number) => (interval === 0 ? opening.from : intervalEnd(opening, interval - 1, minutes));

const bell = (x: number, centre: number, width: number) => Math.exp(-0.5 * ((x - centre) / width) ** 2);

/**
 * Relative arrivals per interval: a late-morning peak a quarter of the way through the day (10:45
 * at a park open 08:30–17:30), rising quickly and tailing off through the afternoon, none in the
 * last hour (or the second half of a day shorter than two hours). An interval cut short by opening
 * or closing gets its share of the time. A little noise per interval, from `rng`.
 */
export function arrivalWeights(opening: Opening, rng: Rng, minutes = intervalMinutes): number[] {
  const span = opening.to - opening.from;
  const peak = 0.25 * span;
  return Array.from({ length: intervalCount(opening, minutes) }, (_, i) => {
    const start = intervalStart(opening, i, minutes) - opening.from;
    const end = intervalEnd(opening, i, minutes) - opening.from;
    if (start >= span - Math.min(lastEntryMinutes, span / 2)) return 0;
    const mid = (start + end) / 2;
    return ((end - start) / minutes) * bell(mid, peak, mid < peak ? peak / 2 : 0.3 * span) * Math.exp(0.1 * rng.normal());
  });
}

/**
 * Exits per interval for a gate's entries per interval: each interval's visitors stay about a
 * third of the opening day (three hours at a park) and leave through the gate they came in by,
 * always in a later interval, and all of them by closing. So at every interval's end a gate's
 * exits so far never exceed its entries so far, and they are equal at closing.
 */
export function exitsFor(entries: readonly number[], opening: Opening, minutes = intervalMinutes): number[] {
  const n = entries.length;
  const stay = (opening.to - opening.from) / 3 / minutes;
  const exits = new Array<number>(n).fill(0);
  entries.forEach((count, s) => {
    if (count === 0) return;
    const later = Array.from({ length: n - s - 1 }, (_, k) => bell(k + 1, stay, stay / 3));
    apportion(count, later).forEach((out, k) => {
      exits[s + 1 + k]! += out;
    });
  });
  return exits;
}

/** A gate's day: entries and exits per interval. */
export interface GateDay {
  entries: number[];
  exits: number[];
}

/** Splits a gate's visitors of the day over the intervals (exactly: they sum to `visitors`), with their exits. */
export function gateDay(visitors: number, opening: Opening, rng: Rng, minutes = intervalMinutes): GateDay {
  if (intervalCount(opening, minutes) < 2) throw new Error(`opening hours ${opening.from}–${opening.to} (minutes) are shorter than two counting intervals`);
  const entries = apportion(visitors, arrivalWeights(opening, rng, minutes));
  return { entries, exits: exitsFor(entries, opening, minutes) };
}
