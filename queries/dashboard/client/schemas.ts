/**
 * The API's answers as the dashboard reads them: the very schemas the server's types are inferred
 * from. Every answer is validated, so a malformed one becomes an error message in the view
 * instead of a blank or wrong chart.
 */
import type { FestivalList, HolidayList, Sites } from "../../api/schemas.ts";

export { bulletinListSchema, errorBodySchema, festivalListSchema, holidayListSchema, type Me, meSchema, sitesSchema } from "../../api/schemas.ts";
export {
  type Comparison,
  festivalReportSchema,
  growthReportSchema,
  type HolidayReport,
  holidayReportSchema,
  type PeriodFigures,
  trendReportSchema,
} from "../../reports/schemas.ts";

export type Register = Sites;
export type HolidayPeriodInfo = HolidayList[number];
export type { FestivalList };

export { liveReportSchema, type LiveReport, type SiteLive } from "../../reports/schemas.ts";

/** A bulletin's preview and an archived bulletin as filed. */
export { type ArchivedBulletin, archivedBulletinSchema, type BulletinReport, bulletinReportSchema } from "../../reports/schemas.ts";

/** The alert log (/api/alerts) as the live view reads it, and one alert as acknowledging it answers. */
export { type AlertAnswer, type AlertList, alertListSchema, alertSchema } from "../../reports/schemas.ts";

/** A holiday's forecast (/api/reports/forecast) as the holiday view's forecast panel reads it. */
export { type ForecastReport, forecastReportSchema } from "../../reports/forecast-schema.ts";
