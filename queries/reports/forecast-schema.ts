// zod/mini, as schemas.ts: the dashboard may validate forecasts with it.
import * as z from "zod/mini";
import { holidayKeys } from "../../transforms/calendar/holiday-keys.ts";
import { scopeLabelSchema, spanSchema } from "./schemas.ts";

const date = z.iso.date();
const count = z.int().check(z.nonnegative());
const visitors = z.nullable(count);
const probability = z.nullable(z.number().check(z.gte(0), z.lte(1)));
const fen = z.nullable(z.int());

/** Day N of the holiday: the count once the day is over by the forecast's date, else the forecast and its intervals. */
const dayFigures = {
  day: z.int().check(z.positive()),
  date,
  /** The day was over when the forecast was made: `visitors` is its count and the interval is that count. */
  observed: z.boolean(),
  visitors,
  expected: visitors,
  low80: visitors,
  high80: visitors,
  low95: visitors,
  high95: visitors,
  /** Revenue in fen, as the visitors: the count of a day seen, else the forecast and its intervals; null where withheld or not forecast. */
  revenue_fen: fen,
  expected_revenue_fen: fen,
  revenue_low80_fen: fen,
  revenue_high80_fen: fen,
  revenue_low95_fen: fen,
  revenue_high95_fen: fen,
};
export const forecastDaySchema = z.strictObject(dayFigures);

/** One site's day against the daily capacity in force (LB/T 034-2014). */
const capacityFigures = {
  daily_capacity: visitors,
  /** Expected visitors as a share of the daily capacity, %, one decimal. */
  share_pct: z.nullable(z.number()),
  p_reach_80: probability,
  p_reach_100: probability,
};
/** The disclosure rule's verdict on the revenue forecast, as every report gives it for a revenue figure. */
const revenueWithheld = { revenue_withheld: z.boolean(), revenue_withheld_reason: z.nullable(z.string()) };

/** The busiest moment against the instant capacity in force: people inside at once, from past holiday days' intraday counts (intraday false: none, all null). */
const peakFigures = {
  intraday: z.boolean(),
  expected_peak_occupancy: visitors,
  peak_low80: visitors,
  peak_high80: visitors,
  instant_capacity: visitors,
  p_peak_reach_80: probability,
  p_peak_reach_100: probability,
};
/** An interval drawn wider than the measured misses (its kind of miss is not among them): the factor, else null. */
const widened = { widened_by: z.nullable(z.number()) };
const closureYears = z.array(z.int());

/**
 * What a reader must know of a forecast's footing, as facts: the presentation words each note in
 * the reader's language. A site's notes are about that site, the report's about its scope.
 */
export const forecastNoteSchema = z.discriminatedUnion("code", [
  /** No forecast: fewer than `min_days` of the `days` days to `window_end` have data. */
  z.strictObject({ code: z.literal("too_little_history"), days: count, window_end: date, min_days: count }),
  /** No forecast: no earlier year of the holiday has data, the closure years left out. */
  z.strictObject({ code: z.literal("no_earlier_year"), left_out: closureYears }),
  /** The day profile drawn from one earlier year alone. */
  z.strictObject({ code: z.literal("one_earlier_year"), year: z.int(), ...widened }),
  /** The weeks before this holiday fall in the closure years: its level is unreliable. */
  z.strictObject({ code: z.literal("weeks_in_closures"), closure_years: closureYears, ...widened }),
  /** The holiday lasts `days` days, unlike some years drawn on: days matched first to first and last to last. */
  z.strictObject({ code: z.literal("length_changed"), days: count, ...widened }),
  z.strictObject({ code: z.literal("no_daily_capacity") }),
  /** Past holiday days counted as daily totals only: no peak occupancy forecast. */
  z.strictObject({ code: z.literal("no_intraday_history") }),
  /** The average day from the level alone: fewer than half of the `weeks` weeks to `window_end` compare with the years drawn on. */
  z.strictObject({ code: z.literal("level_alone"), weeks: count, window_end: date }),
  /** The average day as the geometric mean of the level's reading and the past years' average days × `growth`. */
  z.strictObject({ code: z.literal("ordinary_growth"), growth: z.number(), weeks: count, window_end: date }),
  /** Intervals from `errors` errors of the same forecast made `lead_days` ahead of earlier holidays. */
  z.strictObject({ code: z.literal("intervals_measured"), errors: count, lead_days: count }),
  /** Intervals a wide default: fewer than `min_errors` earlier forecasts to measure errors on. */
  z.strictObject({ code: z.literal("intervals_default"), min_errors: count }),
  z.strictObject({ code: z.literal("closures_left_out"), years: closureYears }),
  /** How the peak occupancy is forecast. */
  z.strictObject({ code: z.literal("peak_method") }),
  /** How the revenue is forecast (only when it is shown). */
  z.strictObject({ code: z.literal("revenue_method") }),
]);
const notes = z.array(forecastNoteSchema);

export const siteDaySchema = z.strictObject({ ...dayFigures, ...capacityFigures, ...peakFigures });
export const siteForecastSchema = z.strictObject({
  site_id: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  days: z.array(siteDaySchema),
  ...revenueWithheld,
  notes,
});
export const dayAtRiskSchema = z.strictObject({
  site_id: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  day: z.int(),
  date,
  expected: count,
  ...capacityFigures,
  ...peakFigures,
  /** Which measures are likelier than not to reach 80 %: the day's entries, the peak occupancy, or both. */
  at_risk: z.array(z.enum(["daily", "instant"])),
});

export const forecastReportSchema = z.strictObject({
  report: z.literal("forecast"),
  holiday: z.enum(holidayKeys),
  holidays: z.array(z.enum(holidayKeys)),
  name_zh: z.string(),
  year: z.int(),
  made_on: date,
  scope: scopeLabelSchema,
  method: z.strictObject({
    /** The weeks whose mean day is this year's level (and, the same weeks before each past holiday, theirs). */
    level_window: spanSchema,
    level: z.nullable(z.number()),
    /** Ordinary days against the same weeks of the reference years (geometric mean, 3 decimals); null: too few weeks to compare, the level's reading alone. */
    ordinary_growth: z.nullable(z.number()),
    reference_years: z.array(z.int()),
    excluded_years: z.array(z.int()),
    length_changed: z.boolean(),
    /** Actual ÷ expected over the holiday's days already seen, applied to the rest; null before day 1. */
    update_factor: z.nullable(z.number()),
    interval_from: z.enum(["backtest", "default"]),
    backtest_errors: count,
    widened: z.boolean(),
  }),
  /** Site-days whose probability of reaching 80 % of the daily or the instant capacity is at least one half, likeliest first. */
  days_at_risk: z.array(dayAtRiskSchema),
  days: z.array(forecastDaySchema),
  ...revenueWithheld,
  /** Per site with by=site, else null. */
  sites: z.nullable(z.array(siteForecastSchema)),
  notes,
});

export type ForecastDayAnswer = z.infer<typeof forecastDaySchema>;
export type SiteForecast = z.infer<typeof siteForecastSchema>;
export type DayAtRisk = z.infer<typeof dayAtRiskSchema>;
export type ForecastReport = z.infer<typeof forecastReportSchema>;
export type ForecastNote = z.infer<typeof forecastNoteSchema>;
