import type { HolidayCalendar, HolidayKey } from "../../transforms/calendar/holidays.ts";
import { daysBetween } from "../../transforms/calendar/dates.ts";
import { type Access, authorize, visibleRegister } from "../access/access.ts";
import { percentChange } from "../metrics/change.ts";
import { type Span, buckets, previousSpan } from "../metrics/periods.ts";
import { type ReportClock, type ReportContext, systemClock, todayBy } from "./context.ts";
import { ParamError } from "../access/param-error.ts";
import { type TrendParamsInput, scopeParam } from "./params.ts";
import { spanFigures } from "./period-figures.ts";
import { periodTotals } from "./period-totals.ts";
import type { TrendReport, TrendRow } from "./schemas.ts";
import { resolveScope } from "../access/scope.ts";
import { scopeLabel } from "./scope-label.ts";

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

/**
 * The days of `bucket` a row counts: all of them once it is over; while it runs, its days up to
 * today, so a month or week to date meets the same days a year earlier, never a whole one.
 */
export function countedSpan(bucket: Span, today: string): Span {
  return bucket.start <= today && today < bucket.end ? { start: bucket.start, end: today } : { start: bucket.start, end: bucket.end };
}

/** Null when either side is unknown: no data, no span to compare with, or revenue withheld (a change would give it away). */
const change = (now: number | null, prev: number | null | undefined) => (now === null || prev == null ? null : percentChange(now, prev));

/** Visitors and revenue per day, ISO week or month, each against the same span a year earlier. */
export async function trendReport(ctx: ReportContext, access: Access, params: TrendParamsInput, now: ReportClock = systemClock): Promise<TrendReport> {
  const days = daysBetween(params.from, params.to);
  if (days < 1) throw new ParamError("to", `expected a date on or after from (${params.from}), got "${params.to}"`);
  if (params.granularity === "day" && days > maxDays)
    throw new ParamError("to", `expected at most ${maxDays} days from ${params.from} with granularity day (week or month for longer), got "${params.to}"`);
  const scope = resolveScope(ctx.register, scopeParam(params), visibleRegister(ctx.register, access), ctx.naming.alliance);
  const grant = authorize(access, ctx.register, scope);
  const sites = scope.sites.map((s) => s.site_id);
  const today = todayBy(now);
  const bucketSpans = buckets(params.from, params.to, params.granularity);
  // A span not over yet counts its days to today, against the same days a year earlier (month to date).
  const countedSpans = bucketSpans.map((bucket) => countedSpan(bucket, today));
  const previousSpans = countedSpans.map((span) => previousSpan(span, params.align));
  // Bucket i is period i, the span a year earlier period n + i (no dates when there is none).
  const totals = await periodTotals(ctx.warehouse, {
    periods: [...countedSpans, ...previousSpans].map((span) => (span ? [span] : [])),
    sites,
    cells: grant.cells,
    today,
  });

  const trendRows = bucketSpans.map((bucket, i): TrendRow => {
    const now = totals(i);
    const prevSpan = previousSpans[i] ?? null;
    const prev = prevSpan ? totals(bucketSpans.length + i) : null;
    const missing = now.missing_dates.length + (prev?.missing_dates.length ?? 0);
    const counted = countedSpans[i]!;
    const figures = spanFigures(now, daysBetween(counted.start, counted.end), grant);
    const prevFigures = prev && prevSpan ? spanFigures(prev, daysBetween(prevSpan.start, prevSpan.end), grant) : null;
    // Complete spans on both sides have data, so neither side's figures are null for want of it.
    const comparable = missing === 0;
    return {
      period: bucket.period,
      start: bucket.start,
      end: bucket.end,
      partial: bucket.end >= today,
      counted_end: bucket.end >= today && bucket.start <= today ? counted.end : bucket.end >= today ? null : bucket.end,
      ...figures,
      prev_start: prevSpan?.start ?? null,
      prev_end: prevSpan?.end ?? null,
      prev_visitors: prevFigures?.visitors ?? null,
      prev_revenue_fen: prevFigures?.revenue_fen ?? null,
      prev_revenue_withheld: prevFigures?.revenue_withheld ?? false,
      prev_revenue_withheld_reason: prevFigures?.revenue_withheld_reason ?? null,
      prev_no_data_reason: prevFigures?.no_data_reason ?? null,
      visitors_yoy_pct: comparable ? change(figures.visitors, prevFigures?.visitors) : null,
      revenue_yoy_pct: comparable ? change(figures.revenue_fen, prevFigures?.revenue_fen) : null,
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
