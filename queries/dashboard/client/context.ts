import type { Access } from "./access.ts";
import type { Locale, Translate } from "./i18n.ts";
import type { FestivalList, HolidayPeriodInfo, Me, Register } from "./schemas.ts";

/** Who is signed in, what they may see, and the language. */
export interface AppContext {
  token: string;
  me: Me;
  register: Register;
  holidays: HolidayPeriodInfo[];
  /** Each with only the sites the role may see. */
  festivals: FestivalList;
  access: Access;
  locale: Locale;
  t: Translate;
}

/** What every view render is given: the app's context and its own lifetime. */
export interface ViewContext extends AppContext {
  /** Aborts when this render is replaced (a control changed, another view, language, sign-out). */
  signal: AbortSignal;
  /** Renders the view anew in place of this render, e.g. after a control changed. */
  refresh: () => void;
}
