import type { HolidayCalendar, HolidayKey } from "../../transforms/calendar/holidays.ts";
import { daysBetween } from "../../transforms/calendar/dates.ts";
import { type Access, authorize, visibleRegister } from "../access/access.ts";
import { percentChange } from "../metrics/change.ts";
import { type Span, buckets, previousSpan } from "../metrics/periods.ts";
import type { ReportContext } from "./context.ts";
import { dailyFigures } from "./daily-figures.ts";
import { ParamError } from "./param-error.ts";
import { type TrendParamsInput, scopeParam } from "./params.ts";
import { byDate, money, totalsOver } from "./period-figures.ts";
import type { TrendReport, TrendRow } from "./schemas.ts";
import { resolveScope, scopeLabel } from "./scope.ts";

export type { TrendReport, TrendRow };

/** Longest range of days one request may ask for (about ten years); weeks and months may span every date. */
const maxDays = 3700;

/** Statutory holidays with at least one day off within the span. */
function holidaysIn(calendar: HolidayCalendar, span: Span | null): HolidayKey[] {
  if (!span) return [];
  const keys = new Set<HolidayKey>();
  for (const period of calendar.periods) if (period.start <= span.end && period.end >= span.start) for (const key of period.keys) keys.add(key);
  return [...keys];
}

/** Visitors and revenue per day, ISO week or month, each against the same span a year earlier. */
export async function trendReport(ctx: ReportContext, access: Access, params: TrendParamsInput): Promise<TrendReport> {
  const days = daysBetween(params.from, params.to);
  if (days < 1) throw new ParamError("to", `expected a date on or after from (${params.from}), got "${params.to}"`);
  if (params.granularity === "day" && days > maxDays)
    throw new ParamError("to", `expected at most ${maxDays} days from ${params.from} with granularity day (week or month for longer), got "${params.to}"`);
  const scope = resolveScope(ctx.register, scopeParam(params), visibleRegister(ctx.register, access));
  const grant = authorize(access, scope);
  const sites = scope.sites.map((s) => s.site_id);
  const whole = { start: params.from, end: params.to };
  // Spans of consecutive rows map to consecutive spans, so the previous range covers every row's.
  const previousWhole = previousSpan(whole, params.align) ?? whole;
  const rows = byDate(await dailyFigures(ctx.warehouse, { spans: [whole, previousWhole], sites }));

  const trendRows = buckets(params.from, params.to, params.granularity).map((bucket): TrendRow => {
    const now = totalsOver(rows, [bucket]);
    const prevSpan = previousSpan(bucket, params.align);
    const prev = prevSpan ? totalsOver(rows, [prevSpan]) : null;
    const missing = now.missing_dates.length + (prev?.missing_dates.length ?? 0);
    const comparable = prev !== null && missing === 0;
    const nowMoney = money(now, grant);
    const prevMoney = prev ? money(prev, grant) : null;
    return {
      period: bucket.period,
      start: bucket.start,
      end: bucket.end,
      visitors: now.visitors,
      ...nowMoney,
      prev_start: prevSpan?.start ?? null,
      prev_end: prevSpan?.end ?? null,
      prev_visitors: prev?.visitors ?? null,
      prev_revenue_fen: prevMoney?.revenue_fen ?? null,
      prev_revenue_withheld: prevMoney?.revenue_withheld ?? false,
      prev_revenue_withheld_reason: prevMoney?.revenue_withheld_reason ?? null,
      visitors_yoy_pct: comparable ? percentChange(now.visitors, prev.visitors) : null,
      revenue_yoy_pct:
        comparable && nowMoney.revenue_fen !== null && prevMoney?.revenue_fen != null ? percentChange(nowMoney.revenue_fen, prevMoney.revenue_fen) : null,
      holidays: holidaysIn(ctx.calendar, bucket),
      prev_holidays: holidaysIn(ctx.calendar, prevSpan),
      complete: missing === 0,
      missing_days: missing,
    };
  });
  return {
    report: "trend",
    from: params.from,
    to: params.to,
    granularity: params.granularity,
    align: params.align,
    scope: scopeLabel(scope),
    revenue_withheld: trendRows.some((row) => row.revenue_withheld || row.prev_revenue_withheld),
    complete: trendRows.every((row) => row.complete),
    rows: trendRows,
  };
}
