import type { HolidayCalendar, HolidayPeriod } from "../../transforms/calendar/holidays.ts";
import { addDays, dayNumber, eachDate } from "../../transforms/calendar/dates.ts";
import { capacityOn, type Site } from "../../transforms/register/register.ts";
import { type Access, type Grant, type RevenueDisclosure, authorize, visibleRegister } from "../access/access.ts";
import { ParamError } from "../access/param-error.ts";
import { resolveScope } from "../access/scope.ts";
import { type DailySeries, type HolidayDates, disruptedYears, levelDays, levelMinDays } from "../metrics/forecast.ts";
import { type ForecastCase, backtestErrors } from "../metrics/forecast-backtest.ts";
import { growthWeeks } from "../metrics/forecast-growth.ts";
import { type ForecastDay, type HolidayForecast, forecastHoliday, reachShare } from "../metrics/forecast-holiday.ts";
import { minErrors } from "../metrics/forecast-intervals.ts";
import { peakDay, peakRatios } from "../metrics/forecast-peak.ts";
import { missingYearMessage } from "../../transforms/calendar/calendar-listing.ts";
import { type ReportClock, type ReportContext, systemClock, todayBy } from "./context.ts";
import { dailyHistory, summedSeries } from "./forecast-history.ts";
import { type DayRevenue, dayRevenue, noRevenue, revenueDisclosure } from "./forecast-revenue.ts";
import { dailyPeaks } from "./forecast-peaks.ts";
import type { DayAtRisk, ForecastDayAnswer, ForecastNote, ForecastReport, SiteForecast } from "./forecast-schema.ts";
import { type ForecastParamsInput, scopeParam } from "./params.ts";
import { scopeLabel } from "./scope-label.ts";

export type { ForecastReport };

/** A site-day is at risk when it reaches 80 % of its daily or instant capacity at least this likely. */
export const riskProbability = 0.5;

const holidayDates = (p: { year: number; start: string; end: string }): HolidayDates => ({ year: p.year, dates: eachDate(p.start, p.end) });

/**
 * The earlier years that tell a holiday's shape: the same holiday in other years; a merged period
 * is National Day's (the calendar's key, whichever holiday its notice names first), so it is
 * compared with National Days, and a single holiday never with a merged year.
 */
export function referencesOf(calendar: HolidayCalendar, period: HolidayPeriod): HolidayDates[] {
  return calendar.years.flatMap((year) => {
    const other = year === period.year ? undefined : calendar.period(period.key, year);
    return other && (period.keys.length > 1 || other.keys.length === 1) ? [holidayDates(other)] : [];
  });
}

/** The first date a forecast reads: the level window before the calendar's first holiday. */
export const historyStart = (calendar: HolidayCalendar) => addDays(`${calendar.firstYear}-01-01`, -levelDays - 45);

/** How many days ahead the forecast is made (at least 1: during the holiday, errors of day-before forecasts stand in). */
export const leadDays = (target: HolidayDates, madeOn: string) => Math.max(1, dayNumber(target.dates[0]!) - dayNumber(madeOn));

export interface ForecastInputs {
  target: HolidayDates;
  past: readonly HolidayDates[];
  /** Every holiday with its references: what the forecasts' errors are measured over. */
  cases: readonly ForecastCase[];
  offDays: ReadonlySet<string>;
  madeOn: string;
}

export function forecastInputs(calendar: HolidayCalendar, period: HolidayPeriod, madeOn: string): ForecastInputs {
  return {
    target: holidayDates(period),
    past: referencesOf(calendar, period),
    cases: calendar.periods.map((p) => ({ target: holidayDates(p), past: referencesOf(calendar, p) })),
    offDays: new Set(calendar.periods.flatMap((p) => eachDate(p.start, p.end))),
    madeOn,
  };
}

/** One series' forecast, its intervals from the given errors (the scope level's own backtest). */
export const forecastSeries = (inputs: ForecastInputs, series: DailySeries, errors: readonly number[]) =>
  forecastHoliday(series, inputs.target, inputs.past, inputs.madeOn, inputs.offDays, errors);

export const seriesErrors = (inputs: ForecastInputs, series: DailySeries) =>
  backtestErrors(series, inputs.cases, inputs.madeOn, leadDays(inputs.target, inputs.madeOn), inputs.offDays);

const whole = (value: number | null) => (value === null ? null : Math.round(value));
const hundredths = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

function dayAnswer(day: ForecastDay, n: number, revenue: DayRevenue = noRevenue): ForecastDayAnswer {
  return {
    day: n + 1,
    date: day.date,
    observed: day.observed !== null,
    visitors: day.observed,
    expected: whole(day.expected),
    low80: whole(day.low80),
    high80: whole(day.high80),
    low95: whole(day.low95),
    high95: whole(day.high95),
    ...revenue,
  };
}

/** A series' revenue forecast, day by day, with the disclosure rule's verdict; nothing is forecast when it is withheld. */
interface RevenueForecast {
  days: DayRevenue[];
  revenue_withheld: boolean;
  revenue_withheld_reason: string | null;
}

function revenueForecast(inputs: ForecastInputs, series: DailySeries, errors: () => readonly number[], disclosure: RevenueDisclosure): RevenueForecast {
  if (!disclosure.shown) return { days: inputs.target.dates.map(() => noRevenue), revenue_withheld: true, revenue_withheld_reason: disclosure.reason };
  const f = forecastSeries(inputs, series, errors());
  return { days: f.days.map(dayRevenue), revenue_withheld: false, revenue_withheld_reason: null };
}

/** What a reader must know of one forecast's footing, as facts of its subject (the scope or a site). */
export function forecastNotes(f: HolidayForecast, length: number): ForecastNote[] {
  const notes: ForecastNote[] = [];
  const widened = { widened_by: f.model.widen > 1 ? f.model.widen : null };
  const closures = [...disruptedYears];
  if (f.level === null) notes.push({ code: "too_little_history", days: levelDays, window_end: f.windowEnd, min_days: levelMinDays });
  else if (f.years.length === 0) notes.push({ code: "no_earlier_year", left_out: closures });
  else if (f.years.length === 1) notes.push({ code: "one_earlier_year", year: f.years[0]!, ...widened });
  if (f.disrupted && f.level !== null) notes.push({ code: "weeks_in_closures", closure_years: closures, ...widened });
  if (f.lengthChanged) notes.push({ code: "length_changed", days: length, ...widened });
  return notes;
}

/** How the average day was read: the level's way, and the year-on-year growth's when the weeks compare. */
function growthNote(f: HolidayForecast): ForecastNote {
  const weeks = { weeks: growthWeeks, window_end: f.windowEnd };
  return f.growth === null ? { code: "level_alone", ...weeks } : { code: "ordinary_growth", growth: Math.round(f.growth * 1000) / 1000, ...weeks };
}

/** The dates whose peak occupancy a forecast reads: this year's holiday (days over) and the years drawn on. */
export const peakDates = (inputs: ForecastInputs) => [...inputs.target.dates, ...inputs.past.flatMap((p) => p.dates)];

const atRisk = (p: number | null) => p !== null && p >= riskProbability;

function siteForecast(
  inputs: ForecastInputs,
  site: Site,
  series: DailySeries,
  peaks: DailySeries,
  errors: readonly number[],
  revenue: RevenueForecast,
): { answer: SiteForecast; risks: DayAtRisk[] } {
  const f = forecastSeries(inputs, series, errors);
  const ratios = peakRatios(peaks, series, inputs.target, inputs.past, inputs.madeOn);
  const intraday = ratios.some((r) => r !== null);
  const days = f.days.map((day, n) => {
    const instant = capacityOn(site, day.date)?.instant ?? null;
    const peak = peakDay(day, ratios[n]!, f.model, instant, peaks.get(day.date));
    const capacity = capacityOn(site, day.date)?.daily ?? null;
    const chance = (share: number) => (capacity === null ? null : hundredths(reachShare(day, capacity, share, f.model)));
    const shown = day.observed ?? day.expected;
    return {
      ...dayAnswer(day, n, revenue.days[n]),
      daily_capacity: capacity,
      share_pct: capacity === null || shown === null ? null : Math.round((shown / capacity) * 1000) / 10,
      p_reach_80: chance(0.8),
      p_reach_100: chance(1),
      intraday: peak.expected !== null,
      expected_peak_occupancy: whole(peak.expected),
      peak_low80: whole(peak.low80),
      peak_high80: whole(peak.high80),
      instant_capacity: instant,
      p_peak_reach_80: hundredths(peak.p80),
      p_peak_reach_100: hundredths(peak.p100),
    };
  });
  const risks = days
    .filter((d) => !d.observed && d.expected !== null && (atRisk(d.p_reach_80) || atRisk(d.p_peak_reach_80)))
    .map((d) => ({
      site_id: site.site_id,
      name_zh: site.name_zh,
      name_en: site.name_en,
      day: d.day,
      date: d.date,
      expected: d.expected!,
      daily_capacity: d.daily_capacity,
      share_pct: d.share_pct,
      p_reach_80: d.p_reach_80,
      p_reach_100: d.p_reach_100,
      intraday: d.intraday,
      expected_peak_occupancy: d.expected_peak_occupancy,
      peak_low80: d.peak_low80,
      peak_high80: d.peak_high80,
      instant_capacity: d.instant_capacity,
      p_peak_reach_80: d.p_peak_reach_80,
      p_peak_reach_100: d.p_peak_reach_100,
      at_risk: [...(atRisk(d.p_reach_80) ? ["daily" as const] : []), ...(atRisk(d.p_peak_reach_80) ? ["instant" as const] : [])],
    }));
  const notes = forecastNotes(f, inputs.target.dates.length);
  if (!site.capacity?.length) notes.push({ code: "no_daily_capacity" });
  // A site without any forecast says so already.
  if (!intraday && f.days.some((d) => d.expected !== null)) notes.push({ code: "no_intraday_history" });
  const withheld = { revenue_withheld: revenue.revenue_withheld, revenue_withheld_reason: revenue.revenue_withheld_reason };
  return { answer: { site_id: site.site_id, name_zh: site.name_zh, name_en: site.name_en, days, ...withheld, notes }, risks };
}

/** What every forecast of a scope starts from: the scope, the holiday, the days read and the scope's own forecast. */
interface ScopeForecast {
  scope: ReturnType<typeof resolveScope>;
  grant: Grant;
  period: HolidayPeriod;
  madeOn: string;
  inputs: ForecastInputs;
  /** The first day read, and each site's visitors and revenue from it to the day before `madeOn`. */
  from: string;
  bySite: Map<string, Map<string, number>>;
  revenueBySite: Map<string, Map<string, number>>;
  scopeErrors: number[];
  f: HolidayForecast;
}

async function scopeForecast(ctx: ReportContext, access: Access, params: ForecastParamsInput, now: ReportClock): Promise<ScopeForecast> {
  const scope = resolveScope(ctx.register, scopeParam(params), visibleRegister(ctx.register, access), ctx.naming.alliance);
  const grant = authorize(access, ctx.register, scope, params.by);
  // The parameter schema admits only covered years; this guards a caller that bypassed it.
  const period = ctx.calendar.period(params.holiday, params.year);
  if (!period) throw new ParamError("year", missingYearMessage(ctx.calendar, params.year));
  const madeOn = params.made_on ?? todayBy(now);
  const inputs = forecastInputs(ctx.calendar, period, madeOn);
  const from = historyStart(ctx.calendar);
  const { visitors: bySite, revenue: revenueBySite } = await dailyHistory(
    ctx.warehouse,
    scope.sites.map((s) => s.site_id),
    from,
    madeOn,
  );
  const scopeSeries = summedSeries(bySite.values());
  const scopeErrors = seriesErrors(inputs, scopeSeries);
  return { scope, grant, period, madeOn, inputs, from, bySite, revenueBySite, scopeErrors, f: forecastSeries(inputs, scopeSeries, scopeErrors) };
}

/** The scope's visitors day by day alone, as the report gives them: a bulletin's line needs no site and no revenue, the report's costliest parts. */
export async function scopeForecastDays(
  ctx: ReportContext,
  access: Access,
  params: ForecastParamsInput,
  now: ReportClock = systemClock,
): Promise<ForecastDayAnswer[]> {
  const { f } = await scopeForecast(ctx, access, params, now);
  return f.days.map((day, n) => dayAnswer(day, n));
}

/** The scope's revenue forecast, and each site's with by=site, as the disclosure rule allows them over the days read. */
async function revenueForecasts(ctx: ReportContext, base: ScopeForecast, bySiteAsked: boolean, today: string) {
  const { inputs, from, madeOn, revenueBySite, grant } = base;
  const sites = base.scope.sites;
  const disclosure = await revenueDisclosure(ctx.warehouse, grant, { sites: sites.map((s) => s.site_id), bySite: bySiteAsked, from, before: madeOn, today });
  const scopeRevenue = summedSeries(revenueBySite.values());
  const revenue = revenueForecast(inputs, scopeRevenue, () => seriesErrors(inputs, scopeRevenue), disclosure(""));
  // Site revenue errors are pooled as the visitors' are, and computed only when some site's revenue is shown.
  let siteRevenueErrors: number[] | undefined;
  const pooledRevenueErrors = () => {
    siteRevenueErrors ??= sites.flatMap((s) => seriesErrors(inputs, revenueBySite.get(s.site_id)!));
    return siteRevenueErrors;
  };
  const site = (one: Site): RevenueForecast =>
    bySiteAsked
      ? revenueForecast(inputs, revenueBySite.get(one.site_id)!, pooledRevenueErrors, disclosure(one.site_id))
      : { days: [], revenue_withheld: revenue.revenue_withheld, revenue_withheld_reason: revenue.revenue_withheld_reason };
  return { revenue, site };
}

/**
 * A holiday's visitors forecast day by day, made on `made_on` (default today) from what was known
 * before that date: the holiday's day-N profile over earlier years against the weeks before each,
 * times this year's level; per site against the daily capacity in force.
 */
export async function forecastReport(ctx: ReportContext, access: Access, params: ForecastParamsInput, now: ReportClock = systemClock): Promise<ForecastReport> {
  const base = await scopeForecast(ctx, access, params, now);
  const { scope, period, madeOn, inputs, bySite, scopeErrors, f } = base;
  const target = inputs.target;
  const sites = scope.sites;
  const { revenue, site: siteRevenue } = await revenueForecasts(ctx, base, params.by === "site", todayBy(now));
  // Site intervals come from every site's errors pooled: one site has too few holidays for quantiles.
  const siteErrors = sites.flatMap((s) => seriesErrors(inputs, bySite.get(s.site_id)!));
  const peaks = await dailyPeaks(
    ctx.warehouse,
    sites.map((s) => s.site_id),
    peakDates(inputs),
    madeOn,
  );
  const perSite = sites.map((s) => siteForecast(inputs, s, bySite.get(s.site_id)!, peaks.get(s.site_id)!, siteErrors, siteRevenue(s)));
  const likeliest = (r: DayAtRisk) => Math.max(r.p_reach_80 ?? 0, r.p_peak_reach_80 ?? 0);
  const risks = perSite
    .flatMap((s) => s.risks)
    .sort((a, b) => likeliest(b) - likeliest(a) || a.date.localeCompare(b.date) || a.site_id.localeCompare(b.site_id));
  const backtested = f.model.errors !== null;
  const notes: ForecastNote[] = [
    ...forecastNotes(f, target.dates.length),
    ...(f.level === null || f.years.length === 0 ? [] : [growthNote(f)]),
    backtested
      ? { code: "intervals_measured", errors: scopeErrors.length, lead_days: leadDays(target, madeOn) }
      : { code: "intervals_default", min_errors: minErrors },
    { code: "closures_left_out", years: [...disruptedYears] },
    { code: "peak_method" },
    // Withheld revenue says why in revenue_withheld_reason, as every report's does.
    ...(revenue.revenue_withheld ? [] : [{ code: "revenue_method" } as const]),
  ];
  return {
    report: "forecast",
    holiday: params.holiday,
    holidays: period.keys,
    name_zh: period.name_zh,
    year: period.year,
    made_on: madeOn,
    scope: scopeLabel(scope),
    method: {
      level_window: { start: addDays(f.windowEnd, 1 - levelDays), end: f.windowEnd },
      level: f.level === null ? null : Math.round(f.level * 10) / 10,
      ordinary_growth: f.growth === null ? null : Math.round(f.growth * 1000) / 1000,
      reference_years: f.years,
      excluded_years: inputs.past.filter((p) => disruptedYears.includes(p.year)).map((p) => p.year),
      length_changed: f.lengthChanged,
      update_factor: f.update === null ? null : Math.round(f.update * 1000) / 1000,
      interval_from: backtested ? "backtest" : "default",
      backtest_errors: scopeErrors.length,
      widened: f.model.widen > 1,
    },
    days_at_risk: risks,
    days: f.days.map((day, n) => dayAnswer(day, n, revenue.days[n])),
    revenue_withheld: revenue.revenue_withheld,
    revenue_withheld_reason: revenue.revenue_withheld_reason,
    sites: params.by === "site" ? perSite.map((s) => s.answer) : null,
    notes,
  };
}
