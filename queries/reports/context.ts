import { DateTime } from "luxon";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { localToday } from "../../ingest/contracts/time.ts";
import type { Festival } from "../../transforms/calendar/festivals.ts";
import type { HolidayCalendar } from "../../transforms/calendar/holidays.ts";
import type { Register } from "../../transforms/register/register.ts";

/** How the alliance and its bulletins' issuer are named (TOURISM_ALLIANCE_NAME, TOURISM_BULLETIN_OFFICE). */
export interface Naming {
  alliance: string;
  office: string;
}

/** The data files as loaded at start-up: the register, festivals and holiday calendar; and the names the configuration gives. */
export interface ReportReference {
  register: Register;
  festivals: readonly Festival[];
  calendar: HolidayCalendar;
  naming: Naming;
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
