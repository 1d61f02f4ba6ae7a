/**
 * The API's answers as the dashboard reads them: the very schemas the server's types are inferred
 * from. Every answer is validated, so a malformed one becomes an error message in the view
 * instead of a blank or wrong chart.
 */
import * as z from "zod/mini";
import { levels, measures } from "../../../ingest/live/capacity.ts";
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

/** The alert log as the live view shows it: the fields it reads of /api/alerts. */
export const alertListSchema = z.object({
  alerts: z.array(
    z.object({
      alert_id: z.string(),
      occurred_at: z.string(),
      local_date: z.string(),
      site_id: z.string(),
      measure: z.enum(measures),
      level: z.enum(levels),
      figure: z.number(),
      capacity: z.number(),
      late: z.boolean(),
      acknowledged_at: z.nullable(z.string()),
    }),
  ),
});
export type AlertList = z.infer<typeof alertListSchema>;
