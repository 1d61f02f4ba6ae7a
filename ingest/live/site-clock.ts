import { DateTime } from "luxon";
import type { HolidayKey } from "../../transforms/calendar/holiday-keys.ts";

/** A demo's moment, as every answer that read a demo's clock says it. */
export interface DemoMoment {
  holiday: HolidayKey;
  /** The holiday's day the demo plays, from 1. */
  day: number;
  /** That day's date this year: the demand the demo follows, and the day its live figures are compared as. */
  as: string;
  /** The demo's clock, local time with offset. */
  clock: string;
  /** The demo day is over (past the sites' last closing time): its clock stands still and nothing more arrives. */
  ended: boolean;
}

/**
 * The one clock of a process's live day: called, it tells now. In a demo it also tells the demo's
 * moment, so each answer that reads it can say it is a demo's; outside a demo `demo` is absent.
 */
export type SiteClock = (() => DateTime) & { demo?: () => DemoMoment | undefined };

/** The real clock, outside a demo. */
export const realClock: SiteClock = () => DateTime.now();
