import type { Access } from "../access/access.ts";
import type { ReportContext } from "./context.ts";
import { scopeForecastDays } from "./forecast.ts";
import type { BulletinParamsInput } from "./params.ts";
import type { BulletinTomorrow } from "./schemas.ts";

/**
 * Tomorrow's visitors for the bulletin of `date`: the forecast made on that date, so from the events
 * of the days before it only (what the office knew that morning), whatever the bulletin's hour. Null
 * on the holiday's last day and for a scope without a forecast.
 */
export async function bulletinTomorrow(ctx: ReportContext, access: Access, params: BulletinParamsInput, date: string): Promise<BulletinTomorrow | null> {
  const period = ctx.calendar.period(params.holiday, params.year);
  if (!period || date >= period.end) return null;
  const { town, site, operator } = params;
  const days = await scopeForecastDays(ctx, access, { holiday: params.holiday, year: params.year, made_on: date, town, site, operator });
  const today = days.findIndex((d) => d.date === date);
  const next = days[today + 1];
  if (today < 0 || !next || next.expected === null || next.low80 === null || next.high80 === null) return null;
  return { date: next.date, day: next.day, expected: next.expected, low80: next.low80, high80: next.high80 };
}
