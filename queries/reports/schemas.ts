// zod/mini: the dashboard bundles these schemas (15 kB instead of 450 kB); the server uses them as they are.
import * as z from "zod/mini";
import { levels, measures } from "../../ingest/live/capacity.ts";
import { holidayKeys } from "../../transforms/calendar/holiday-keys.ts";
import { breakdowns, scopeKinds } from "../access/scope.ts";
import type { Span } from "../metrics/periods.ts";

/**
 * The reports' answers, defined once: the server's report types are inferred from these schemas,
 * the API publishes them in OpenAPI, and the dashboard validates every answer with them. A new
 * report adds its schema here and to `reportSchemas`.
 */

export const granularities = ["day", "week", "month"] as const;
export const alignments = ["date", "weekday"] as const;

const date = z.iso.date();
const count = z.int().check(z.nonnegative());
/** A percent change; null when the base is 0, data is incomplete or a revenue it rests on is withheld. */
const pct = z.nullable(z.number());
const holidayKey = z.enum(holidayKeys);

/** A metrics `Span` in JSON; `satisfies` keeps the schema and the type one shape. */
export const spanSchema = z.strictObject({ start: date, end: date }) satisfies z.ZodMiniType<Span>;

/** How a scope appears in report JSON. */
export const scopeLabelSchema = z.strictObject({ kind: z.enum(scopeKinds), id: z.nullable(z.string()), name_zh: z.string(), name_en: z.string() });

/**
 * The disclosure rule's shape of a figure's revenue: integer fen plus its yuan text, or, when the
 * rule withholds it, both null with the reason in words.
 */
const revenueShown = {
  revenue_fen: z.int(),
  /** Yuan with two decimals, e.g. "1234.50" or "-20.25" (refunds exceeding sales). */
  revenue_cny: z.string().check(z.regex(/^-?\d+\.\d{2}$/)),
  revenue_withheld: z.literal(false),
  revenue_withheld_reason: z.null(),
};
const revenueWithheld = {
  revenue_fen: z.null(),
  revenue_cny: z.null(),
  revenue_withheld: z.literal(true),
  revenue_withheld_reason: z.string(),
};
export const moneySchema = z.discriminatedUnion("revenue_withheld", [z.strictObject(revenueShown), z.strictObject(revenueWithheld)]);

/** A figure with `shape`'s fields and its revenue, shown or withheld. */
function withRevenue<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.discriminatedUnion("revenue_withheld", [z.strictObject({ ...shape, ...revenueShown }), z.strictObject({ ...shape, ...revenueWithheld })]);
}

/**
 * No data at all (not one event on any day of the span — a holiday still to come, a site not yet
 * open): visitors and revenue are null with the reason, never 0.
 */
const noDataFigures = {
  visitors: z.null(),
  no_data_reason: z.string(),
  revenue_fen: z.null(),
  revenue_cny: z.null(),
  revenue_withheld: z.literal(false),
  revenue_withheld_reason: z.null(),
};

/** A figure with `shape`'s fields (visitors a count): revenue shown, revenue withheld, or no data at all. */
function withRevenueOrNoData<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.union([withRevenue({ ...shape, visitors: count, no_data_reason: z.null() }), z.strictObject({ ...shape, ...noDataFigures })]);
}

/** What every form of a period's figures has. */
const periodCommon = {
  start: date,
  end: date,
  days: count,
  /** The runs of dates counted: one, or two when a merged holiday meets separate ones a year apart. */
  parts: z.array(spanSchema),
  /** False when some day of the period has no data; its percentages are then null. */
  complete: z.boolean(),
  missing_dates: z.array(date),
};

const periodShape = {
  ...periodCommon,
  visitors: count,
  visitors_per_day: z.nullable(z.number()),
  /** The day with most visitors; the earliest on a tie. */
  peak_day: z.nullable(z.strictObject({ date, visitors: count })),
  /** Null: some day of the period has data. */
  no_data_reason: z.null(),
};

const periodNoData = { ...periodCommon, visitors_per_day: z.null(), peak_day: z.null(), ...noDataFigures };

/** A period's figures: revenue shown, revenue withheld, or no data at all. */
export const periodFiguresSchema = z.union([withRevenue(periodShape), z.strictObject(periodNoData)]);

export const periodChangeSchema = z.strictObject({ visitors_pct: pct, revenue_pct: pct, visitors_per_day_pct: pct, peak_day_visitors_pct: pct });

/**
 * The comparable basis (按可比口径) of a year on year: day 1..k of both periods in date order (a
 * merged period's runs in date order too), k the shorter length and, while this year's period
 * runs, no more than its days so far.
 */
export const comparableBasisSchema = z.strictObject({
  basis: z.literal("comparable"),
  /** k: the days compared on each side. */
  days: count,
  /** This year's days counted (its days so far while it runs), and the other year's length. */
  current_days: count,
  previous_days: z.nullable(count),
  /** True while this year's period is under way: only its days so far are compared. */
  so_far: z.boolean(),
  /** Day 1..k of each period; null when there is nothing to compare (no such period, or k = 0). */
  current: z.nullable(periodFiguresSchema),
  previous: z.nullable(periodFiguresSchema),
});

/**
 * Recovery against a baseline year (恢复率, mostly 2019): this year's figure as a percentage of the
 * baseline's same holiday or edition, on the comparable basis over `days` days.
 */
/** The year the bulletin and the dashboard state recovery against (恢复至2019年同期): the last before the pandemic. */
export const recoveryYear = 2019;

export const recoverySchema = z.strictObject({ year: z.int(), days: count, visitors_pct: pct, revenue_pct: pct });

/**
 * A baseline year's whole period, with the current period's change against it and its recovery
 * rate, both on the comparable basis.
 */
const baselineExtra = { year: z.int(), change: periodChangeSchema, recovery: recoverySchema };
export const baselineFiguresSchema = z.union([withRevenue({ ...periodShape, ...baselineExtra }), z.strictObject({ ...periodNoData, ...baselineExtra })]);

/** A line of figures against last year's: `yoy` on the comparable basis, `whole_period_yoy` of the whole periods (secondary). */
const lineShape = {
  id: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  current: periodFiguresSchema,
  previous: z.nullable(periodFiguresSchema),
  yoy: periodChangeSchema,
};

export const breakdownRowSchema = z.strictObject({
  ...lineShape,
  /** Whole periods' totals, per-day averages and peaks against each other: secondary to `yoy`. */
  whole_period_yoy: periodChangeSchema,
  /** The recovery against the baseline year; null without --baseline. */
  recovery: z.nullable(recoverySchema),
  /** 1 for the most visitors this year (ties by id); in a by-site breakdown, the site's town. */
  rank: z.int().check(z.positive()),
  town_id: z.nullable(z.string()),
});

/** A town's subtotal of a by-site breakdown: every site of the scope in that town, whatever `top` keeps. */
export const townSubtotalSchema = z.strictObject({ ...lineShape, whole_period_yoy: periodChangeSchema, recovery: z.nullable(recoverySchema) });

/** What the holiday and festival reports share: this year's period against last year's and a baseline. */
const comparisonShape = {
  /** False when the periods differ in length: the year on year is then stated on the comparable basis (按可比口径). */
  comparable: z.boolean(),
  /** The days `yoy` compares, and their figures. */
  basis: comparableBasisSchema,
  /** The whole periods: this year's (its days so far while it runs) and last year's. */
  current: periodFiguresSchema,
  previous: z.nullable(periodFiguresSchema),
  /** THE year on year: day 1..k against day 1..k (see basis). */
  yoy: periodChangeSchema,
  /** Secondary, labelled figures: whole-period totals (visitors_pct, revenue_pct) and per-day averages (visitors_per_day_pct) against each other. */
  whole_period_yoy: periodChangeSchema,
  baseline: z.nullable(baselineFiguresSchema),
  by: z.nullable(z.enum(breakdowns)),
  /** Ranked by this year's visitors, most first; at most `top` rows when asked for. */
  breakdown: z.nullable(z.array(breakdownRowSchema)),
  /** With by=site: a subtotal per town of the scope, ranked by visitors. */
  towns: z.nullable(z.array(townSubtotalSchema)),
  /** How many breakdown rows were asked for (null: all). */
  top: z.nullable(count),
  /** True when the revenue of some figure is withheld (see each figure's revenue_withheld). */
  revenue_withheld: z.boolean(),
};
export const comparisonSchema = z.strictObject(comparisonShape);

export const holidayReportSchema = z.strictObject({
  report: z.literal("holiday"),
  holiday: holidayKey,
  /** Every holiday the period covers: two when Mid-Autumn and National Day merge. */
  holidays: z.array(holidayKey),
  name_zh: z.string(),
  year: z.int(),
  scope: scopeLabelSchema,
  ...comparisonShape,
});

export const festivalReportSchema = z.strictObject({
  report: z.literal("festival"),
  festival: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  year: z.int(),
  scope: scopeLabelSchema,
  ...comparisonShape,
});

/**
 * Last year's counterpart of a trend row: absent (all null, nothing withheld) on 29 February with
 * date alignment, or without any data (all null, nothing withheld, with prev_no_data_reason).
 */
const previousRevenueFollowsTheRule = z.refine<{
  prev_visitors: number | null;
  prev_revenue_fen: number | null;
  prev_revenue_withheld: boolean;
  prev_revenue_withheld_reason: string | null;
}>(
  (row) =>
    row.prev_visitors === null
      ? row.prev_revenue_fen === null && !row.prev_revenue_withheld && row.prev_revenue_withheld_reason === null
      : row.prev_revenue_withheld === (row.prev_revenue_fen === null) && row.prev_revenue_withheld === (row.prev_revenue_withheld_reason !== null),
  { message: "prev_revenue_fen is null exactly when prev_revenue_withheld (with its reason) or when there is no previous span" },
);

export const trendRowSchema = withRevenueOrNoData({
  /** '2024-04-05', '2024-W14' (ISO week) or '2024-04'. */
  period: z.string(),
  start: date,
  end: date,
  /**
   * True while the span is not over (it holds today or days to come). Its figures and the span
   * compared with then count its days to today only (month to date against the same days last
   * year); charts leave such a row out of their lines, tables mark it.
   */
  partial: z.boolean(),
  /** The last day the figures count: `end`, today while the span runs, null before it begins. */
  counted_end: z.nullable(date),
  /** The span compared with; null when there is none (29 February with date alignment). */
  prev_start: z.nullable(date),
  prev_end: z.nullable(date),
  prev_visitors: z.nullable(count),
  prev_revenue_fen: z.nullable(z.int()),
  prev_revenue_withheld: z.boolean(),
  prev_revenue_withheld_reason: z.nullable(z.string()),
  /** Set when the span compared with has no data on any day: its figures are then null, not 0. */
  prev_no_data_reason: z.nullable(z.string()),
  visitors_yoy_pct: pct,
  /** Null also when either revenue is withheld: a change would give the withheld one away. */
  revenue_yoy_pct: pct,
  /** Statutory holidays within the row's dates, and within the dates it is compared with. */
  holidays: z.array(holidayKey),
  prev_holidays: z.array(holidayKey),
  /** False when a day of either span has no data; the percentages are then null. */
  complete: z.boolean(),
  missing_days: count,
}).check(previousRevenueFollowsTheRule);

export const trendReportSchema = z.strictObject({
  report: z.literal("trend"),
  from: date,
  to: date,
  granularity: z.enum(granularities),
  align: z.enum(alignments),
  scope: scopeLabelSchema,
  /** True when the revenue of some row is withheld (see each row's revenue_withheld). */
  revenue_withheld: z.boolean(),
  complete: z.boolean(),
  rows: z.array(trendRowSchema),
});

const yearShape = {
  year: z.int(),
  /** False when some day of the year has no data: its percentages are null. */
  complete: z.boolean(),
  missing_days: count,
};
export const yearFiguresSchema = withRevenueOrNoData(yearShape);
export const growthYearSchema = withRevenueOrNoData({
  ...yearShape,
  visitors_yoy_pct: pct,
  revenue_yoy_pct: pct,
  visitors_vs_baseline_pct: pct,
  revenue_vs_baseline_pct: pct,
});

export const growthReportSchema = z.strictObject({
  report: z.literal("growth"),
  from_year: z.int(),
  to_year: z.int(),
  scope: scopeLabelSchema,
  /** True when the revenue of some year is withheld (see each year's revenue_withheld). */
  revenue_withheld: z.boolean(),
  years: z.array(growthYearSchema),
  baseline: z.nullable(yearFiguresSchema),
  /** Compound annual growth from from_year to to_year; null unless both years are complete (so never for a year without data). */
  cagr: z.strictObject({ years: count, visitors_pct: pct, revenue_pct: pct }),
});

export const bulletinLanguages = ["zh", "en"] as const;
/** A bulletin's hour: HH:MM from 00:00, up to 24:00 for the whole day. */
export const asOfPattern = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** A day whose counts at some sites could not be cut at the bulletin's hour (see hour-cut.ts). */
export const bulletinNotCutSchema = z.strictObject({
  date,
  sites: z.array(z.strictObject({ id: z.string(), name_zh: z.string(), name_en: z.string() })),
  /** Such sites the caller may not see, counted only. */
  other_sites: count,
});

/**
 * Tomorrow's visitors as forecast on the bulletin's date (events before it only), when tomorrow is a
 * day of the same holiday and the scope has a forecast.
 */
export const bulletinTomorrowSchema = z.strictObject({ date, day: z.int().check(z.positive()), expected: count, low80: count, high80: count });

/** One town or site of a bulletin: its figures so far, last year's compared days and the change. */
export const bulletinLineSchema = z.strictObject(lineShape);

/**
 * The figures of a holiday bulletin (假日旅游统计日报): day 1 to `day` of this year's holiday, the last
 * day counted up to `as_of`, against the same days and hour of last year's same holiday.
 */
export const bulletinFiguresSchema = z.strictObject({
  report: z.literal("bulletin"),
  holiday: holidayKey,
  holidays: z.array(holidayKey),
  name_zh: z.string(),
  year: z.int(),
  date,
  /** HH:MM; 24:00 is the whole day. */
  as_of: z.string().check(z.regex(asOfPattern)),
  /** Which day of the holiday `date` is (1-based), and how long the holiday is. */
  day: z.int().check(z.positive()),
  holiday_days: z.int().check(z.positive()),
  /** Last year's holiday length; null when the calendar has none. */
  previous_holiday_days: z.nullable(z.int().check(z.positive())),
  /** Days compared year on year: `day`, or fewer when last year's holiday was shorter. */
  compared_days: count,
  /** False when the two holidays differ in length: the change is then stated on the comparable basis. */
  comparable: z.boolean(),
  scope: scopeLabelSchema,
  /** The holiday so far (the headline totals). */
  current: periodFiguresSchema,
  /** Last year's compared days; null without a holiday last year. */
  previous: z.nullable(periodFiguresSchema),
  /** Compared days against last year's: the year-on-year figures. */
  yoy: periodChangeSchema,
  /** The days so far against 2019's same holiday on the comparable basis (恢复至2019年同期的N%); null for 2019 and before. */
  recovery: z.nullable(recoverySchema),
  /** Towns of the scope (alliance only), and its sites with visitors, most visitors first. */
  towns: z.array(bulletinLineSchema),
  sites: z.array(bulletinLineSchema),
  revenue_withheld: z.boolean(),
  /**
   * Days whose gate counts could not be cut at `as_of` (this year's `date`, last year's compared
   * day), with the sites the caller may see by name and the others counted: their figures hold
   * only what was counted before the hour, and a bulletin with any is filed only when confirmed.
   * Absent from bulletins archived before it existed.
   */
  not_cut: z._default(z.array(bulletinNotCutSchema), []),
  /** The office that issues it (TOURISM_BULLETIN_OFFICE); empty in bulletins archived before it was named. */
  office: z._default(z.string(), ""),
  /** Absent from bulletins archived before it was stated. */
  tomorrow: z._default(z.nullable(bulletinTomorrowSchema), null),
});

/** /api/reports/bulletin as JSON: the figures, and the bulletin's text in the language asked for. */
export const bulletinReportSchema = z.strictObject({ ...bulletinFiguresSchema.def.shape, lang: z.enum(bulletinLanguages), text: z.string() });

/** One archived bulletin as listed: what it was for, when and by whom it was generated. */
export const bulletinEntrySchema = z.strictObject({
  id: z.string(),
  holiday: holidayKey,
  year: z.int(),
  date,
  as_of: z.string(),
  /** "alliance", or kind:id ("town:langxia"). */
  scope: z.string(),
  lang: z.enum(bulletinLanguages),
  generated_at: z.string(),
  /** The role it was generated under ("staff", "planner", "operator:<id>"). */
  generated_by: z.string(),
});

/** An archived bulletin with the text as sent and the figures it was written from. */
export const archivedBulletinSchema = z.strictObject({ ...bulletinEntrySchema.def.shape, text: z.string(), figures: bulletinFiguresSchema });

const liveFigures = { entries: count, exits: count, occupancy: count };
/** A share of a capacity in percent, one decimal; null without a capacity. */
const share = z.nullable(z.number());

export const siteLiveSchema = z.strictObject({
  site_id: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  ...liveFigures,
  capacity_instant: z.nullable(count),
  capacity_daily: z.nullable(count),
  occupancy_pct: share,
  entries_pct: share,
  latest_event_at: z.nullable(z.string()),
  stale: z.boolean(),
  gates: z.array(z.strictObject({ gate_id: z.string(), entries: count, exits: count, net: z.int() })),
});

/** Live figures at a moment of a local day, against the same time of day on the comparison day. */
export const liveReportSchema = z.strictObject({
  report: z.literal("live"),
  scope: scopeLabelSchema,
  at: z.string(),
  date,
  ...liveFigures,
  capacity_instant: z.nullable(count),
  capacity_daily: z.nullable(count),
  occupancy_pct: share,
  entries_pct: share,
  last_year: z.union([
    z.strictObject({ ...liveFigures, date, at: z.string(), basis: z.enum(["holiday_day", "weekday"]), day_number: z.nullable(z.int()) }),
    z.strictObject({ date: z.null(), reason: z.string() }),
  ]),
  change: z.strictObject({ entries_pct: pct, occupancy_pct: pct }),
  /**
   * Entries per local hour from midnight to the moment's hour (the last one up to the moment), and
   * the comparison day's in the same hours up to the same time of day; null without a comparison day.
   */
  hourly: z.array(z.strictObject({ hour: z.int().check(z.gte(0), z.lte(23)), entries: count, last_year_entries: z.nullable(count) })),
  stale_sites: z.array(z.string()),
  sites: z.array(siteLiveSchema),
  /**
   * Null outside a demo. In a demo (`start --demo-holiday`), the moment is the demo's clock: which
   * holiday day it plays (`as`: that day's date), the clock, and whether the demo day is over.
   */
  demo: z.nullable(
    z.strictObject({
      holiday: holidayKey,
      day: z.int().check(z.positive()),
      as: date,
      clock: z.string(),
      ended: z.boolean(),
      note: z.enum(["演示中", "演示已结束"]),
    }),
  ),
});

/**
 * A capacity alert (a change of level) as the API answers it. Webhook addresses never leave the
 * server, since a hook's URL often holds its secret key; delivery errors and the next attempt are
 * for staff, null for other roles.
 */
export const alertSchema = z.strictObject({
  alert_id: z.string(),
  /** The moment of the events behind the figure (UTC). */
  occurred_at: z.string(),
  local_date: date,
  site_id: z.string(),
  measure: z.enum(measures),
  level: z.enum(levels),
  previous_level: z.enum(levels),
  /** 1 for the day's first change of this site and measure, 2 for the next… */
  crossing: count,
  figure: count,
  capacity: count,
  /** Evaluated after its moment had passed (a past day, or events that arrived late): not news. */
  late: z.boolean(),
  raised_at: z.string(),
  delivery_state: z.enum(["pending", "delivered"]),
  attempts: count,
  next_attempt_at: z.nullable(z.string()),
  last_error: z.nullable(z.string()),
  /** '' until acknowledged. */
  acknowledged_by: z.string(),
  acknowledged_at: z.nullable(z.string()),
});

/** /api/alerts: newest first. */
export const alertListSchema = z.strictObject({ alerts: z.array(alertSchema) });

/** Every report's answer by its name (the `report` field and the API route /api/reports/<name>). */
export const reportSchemas = {
  holiday: holidayReportSchema,
  festival: festivalReportSchema,
  trend: trendReportSchema,
  growth: growthReportSchema,
};

export type Granularity = (typeof granularities)[number];
export type Alignment = (typeof alignments)[number];
export type ScopeLabel = z.infer<typeof scopeLabelSchema>;
export type Money = z.infer<typeof moneySchema>;
export type PeriodFigures = z.infer<typeof periodFiguresSchema>;
export type PeriodChange = z.infer<typeof periodChangeSchema>;
export type BaselineFigures = z.infer<typeof baselineFiguresSchema>;
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;
export type TownSubtotal = z.infer<typeof townSubtotalSchema>;
export type ComparableBasis = z.infer<typeof comparableBasisSchema>;
export type Recovery = z.infer<typeof recoverySchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
export type HolidayReport = z.infer<typeof holidayReportSchema>;
export type FestivalReport = z.infer<typeof festivalReportSchema>;
export type TrendRow = z.infer<typeof trendRowSchema>;
export type TrendReport = z.infer<typeof trendReportSchema>;
export type YearFigures = z.infer<typeof yearFiguresSchema>;
export type GrowthYear = z.infer<typeof growthYearSchema>;
export type GrowthReport = z.infer<typeof growthReportSchema>;
export type SiteLive = z.infer<typeof siteLiveSchema>;
export type LiveReport = z.infer<typeof liveReportSchema>;
export type AlertAnswer = z.infer<typeof alertSchema>;
export type AlertList = z.infer<typeof alertListSchema>;
export type BulletinLine = z.infer<typeof bulletinLineSchema>;
export type BulletinNotCut = z.infer<typeof bulletinNotCutSchema>;
export type BulletinTomorrow = z.infer<typeof bulletinTomorrowSchema>;
export type BulletinFigures = z.infer<typeof bulletinFiguresSchema>;
export type BulletinLanguage = (typeof bulletinLanguages)[number];
export type BulletinReport = z.infer<typeof bulletinReportSchema>;
export type BulletinEntry = z.infer<typeof bulletinEntrySchema>;
export type ArchivedBulletin = z.infer<typeof archivedBulletinSchema>;
