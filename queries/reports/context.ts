import type { Warehouse } from "../../infra/warehouse/port.ts";
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
