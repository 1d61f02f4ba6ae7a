import { dateOfDay, dayNumber } from "../../transforms/calendar/dates.ts";
import type { Span } from "../metrics/periods.ts";

/** What one key's events added up to on one day; a day without events has none. */
export interface DayFigures {
  visitors: number;
  revenue_fen: number;
  /** The key's disclosure cells that day with 1 to threshold − 1 other operators, and with any. */
  unsafe_cells: number;
  other_cells: number;
}

/** One key's days with events, by day number (days since 1970-01-01). */
export type KeyDays = ReadonlyMap<number, DayFigures>;

export interface PeriodSums {
  visitors: number;
  revenue_fen: number;
  unsafe_cells: number;
  other_cells: number;
  /** Days of the period without a single event (unknown, not zero), in date order. */
  missing_dates: string[];
  /** The day with most visitors, the earliest on a tie; null when no day has events. */
  peak: { date: string; visitors: number } | null;
}

function exact(sum: number, what: string): number {
  if (!Number.isSafeInteger(sum)) throw new RangeError(`${what} over the period is not a safe integer: ${sum}`);
  return sum;
}

/**
 * A period's sums out of one key's days (undefined: the key had no events at all). `runs`:
 * ordered, disjoint runs of dates, so the days are met in date order and the first of equal peaks
 * is the earliest.
 */
export function sumPeriod(days: KeyDays | undefined, runs: readonly Span[]): PeriodSums {
  const sums: PeriodSums = { visitors: 0, revenue_fen: 0, unsafe_cells: 0, other_cells: 0, missing_dates: [], peak: null };
  let peakDay = 0;
  let peakVisitors = -1;
  for (const run of runs) {
    const last = dayNumber(run.end);
    for (let day = dayNumber(run.start); day <= last; day++) {
      const figures = days?.get(day);
      if (!figures) {
        sums.missing_dates.push(dateOfDay(day));
        continue;
      }
      sums.visitors += figures.visitors;
      sums.revenue_fen += figures.revenue_fen;
      sums.unsafe_cells += figures.unsafe_cells;
      sums.other_cells += figures.other_cells;
      if (figures.visitors > peakVisitors || (figures.visitors === peakVisitors && day < peakDay)) {
        peakDay = day;
        peakVisitors = figures.visitors;
      }
    }
  }
  exact(sums.visitors, "visitors");
  exact(sums.revenue_fen, "revenue");
  if (peakVisitors >= 0) sums.peak = { date: dateOfDay(peakDay), visitors: peakVisitors };
  return sums;
}
