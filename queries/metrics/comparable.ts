import { daysBetween } from "../../transforms/calendar/dates.ts";
import { type Span, firstDays } from "./periods.ts";

/**
 * The comparable basis of a holiday's year on year (按可比口径): day 1..k of this year's period
 * against day 1..k of the other year's, each period's days counted in date order (across its runs,
 * when a period is given as several), k the shorter length and, while this year's period is under
 * way, no more than its days so far.
 */
export interface ComparableDays {
  /** k: how many days each side counts. */
  days: number;
  /** This year's days counted: the whole period, or its days so far. */
  currentDays: number;
  /** The other year's whole length. */
  otherDays: number;
  /** True while this year's period is under way (`through` falls inside it). */
  soFar: boolean;
  /** Day 1..k of this year's period, as runs; empty when k is 0 (the period has not begun). */
  current: Span[];
  /** Day 1..k of the other year's period, as runs. */
  other: Span[];
}

const lengthOf = (parts: readonly Span[]) => parts.reduce((sum, part) => sum + Math.max(0, daysBetween(part.start, part.end)), 0);

/** The runs of `parts` up to and including `through`; all of them when it is absent or after them. */
export function daysThrough(parts: readonly Span[], through: string | undefined): Span[] {
  if (through === undefined) return [...parts];
  return parts.filter((part) => part.start <= through).map((part) => (part.end > through ? { start: part.start, end: through } : { ...part }));
}

/**
 * Day 1..k of `current` and of `other` (both ordered, disjoint runs). `through`: the last date
 * counted (today, a bulletin's date); days after it do not count yet.
 */
export function comparableDays(current: readonly Span[], other: readonly Span[], through?: string): ComparableDays {
  const counted = daysThrough(current, through);
  const currentDays = lengthOf(counted);
  const otherDays = lengthOf(other);
  const days = Math.min(currentDays, otherDays);
  return {
    days,
    currentDays,
    otherDays,
    soFar: currentDays < lengthOf(current),
    current: days > 0 ? firstDays(counted, days) : [],
    other: days > 0 ? firstDays(other, days) : [],
  };
}
