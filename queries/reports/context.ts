import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { Festival } from "../../transforms/calendar/festivals.ts";
import type { Register } from "../../transforms/register/register.ts";

/** What reports read: the warehouse, and the register and festivals as loaded at start-up. */
export interface ReportContext {
  warehouse: Warehouse;
  register: Register;
  festivals: readonly Festival[];
}
