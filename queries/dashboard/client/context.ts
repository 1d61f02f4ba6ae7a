import type { Access } from "./access.ts";
import type { Locale, Translate } from "./i18n.ts";
import type { HolidayPeriodInfo, Me, Register } from "./schemas.ts";

/** What every view is given: who is signed in, what they may see, and the language. */
export interface ViewContext {
  token: string;
  me: Me;
  register: Register;
  holidays: HolidayPeriodInfo[];
  access: Access;
  locale: Locale;
  t: Translate;
}
