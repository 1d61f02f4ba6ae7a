import { DateTime } from "luxon";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { localToday } from "../../ingest/contracts/time.ts";
import type { Festival } from "../../transforms/calendar/festivals.ts";
import type { HolidayCalendar } from "../../transforms/calendar/holidays.ts";
import type { Register } from "../../transforms/register/register.ts";

/** The data files as loaded at start-up: the register, festivals and holiday calendar. */
export interface ReportReference {
  register: Register;
  festivals: readonly Festival[];
  calendar: HolidayCalendar;
}

/** What reports read: the warehouse and the data files. */
export interface ReportContext extends ReportReference {
  warehouse: Warehouse;
}

/** Now: revenue of a day not over yet is not published (see the disclosure rule). */
export interface ReportClock {
  clock: () => DateTime;
}

export const systemClock: ReportClock = { clock: () => DateTime.now() };

/** Today's local date at the sites by `now`. */
export const todayBy = (now: ReportClock) => localToday(now.clock());
