import { missingYearMessage } from "../../transforms/calendar/calendar-listing.ts";
import type { HolidayCalendar, HolidayKey } from "../../transforms/calendar/holidays.ts";
import { type Access, authorize, visibleRegister } from "../access/access.ts";
import type { Span } from "../metrics/periods.ts";
import { type ReportClock, type ReportContext, systemClock, todayBy } from "./context.ts";
import { ParamError } from "../access/param-error.ts";
import type { HolidayParamsInput } from "./params.ts";
import { comparePeriods } from "./period-comparison.ts";
import { scopeParam } from "./params.ts";
import type { HolidayReport } from "./schemas.ts";
import { resolveScope } from "../access/scope.ts";
import { latestWithData } from "./latest-with-data.ts";
import { scopeLabel } from "./scope-label.ts";

export type { HolidayReport };

/**
 * The period of holiday `key` in `year`, as runs, or null when the calendar holds none. A year's
 * holiday compares with the same holiday's period of the other year, merged or not: National Day
 * 2025 (merged with Mid-Autumn, 1–8 October) with National Day 2024 (1–7 October), National Day 2026
 * with 2025's merged period; a merged period's days count in date order like any other's.
 */
export function holidaySpans(calendar: HolidayCalendar, key: HolidayKey, year: number): Span[] | null {
  const period = calendar.period(key, year);
  return period ? [{ start: period.start, end: period.end }] : null;
}

/**
 * The holiday and year asked for; what is not given is that of the latest holiday with data for
 * the scope (of the key asked for, or in the year asked for).
 */
async function chosenHoliday(
  ctx: ReportContext,
  params: HolidayParamsInput,
  sites: readonly string[],
  today: string,
): Promise<{ holiday: HolidayKey; year: number }> {
  if (params.holiday !== undefined && params.year !== undefined) return { holiday: params.holiday, year: params.year };
  const periods = ctx.calendar.periods.filter(
    (p) => (params.holiday === undefined || p.keys.includes(params.holiday)) && (params.year === undefined || p.year === params.year),
  );
  const found = await latestWithData(
    ctx.warehouse,
    periods.map((p) => ({ span: { start: p.start, end: p.end }, sites })),
    today,
  );
  if (found === null) {
    const param = params.holiday === undefined ? "holiday" : "year";
    throw new ParamError(param, `required: no ${params.holiday ?? "holiday"}${params.year ? ` in ${params.year}` : ""} has data yet`);
  }
  const period = periods[found]!;
  return { holiday: params.holiday ?? period.key, year: period.year };
}

/** This year's official holiday period against last year's same holiday, for one scope. */
export async function holidayReport(ctx: ReportContext, access: Access, params: HolidayParamsInput, now: ReportClock = systemClock): Promise<HolidayReport> {
  const scope = resolveScope(ctx.register, scopeParam(params), visibleRegister(ctx.register, access), ctx.naming.alliance);
  const grant = authorize(access, ctx.register, scope, params.by);
  const { holiday, year } = await chosenHoliday(
    ctx,
    params,
    scope.sites.map((s) => s.site_id),
    todayBy(now),
  );
  // The parameter schemas admit only covered years; these guard a caller that bypassed them.
  const current = ctx.calendar.period(holiday, year);
  if (!current) throw new ParamError("year", missingYearMessage(ctx.calendar, year));
  let baseline: { year: number; parts: Span[] } | null = null;
  if (params.baseline !== undefined) {
    const parts = holidaySpans(ctx.calendar, holiday, params.baseline);
    if (!parts) throw new ParamError("baseline", missingYearMessage(ctx.calendar, params.baseline));
    baseline = { year: params.baseline, parts };
  }
  const comparison = await comparePeriods(
    ctx.warehouse,
    ctx.register,
    scope,
    grant,
    { current: [{ start: current.start, end: current.end }], previous: holidaySpans(ctx.calendar, holiday, year - 1), baseline },
    { by: params.by, top: params.top, today: todayBy(now) },
  );
  return {
    report: "holiday",
    holiday,
    holidays: current.keys,
    name_zh: current.name_zh,
    year,
    scope: scopeLabel(scope),
    ...comparison,
  };
}
