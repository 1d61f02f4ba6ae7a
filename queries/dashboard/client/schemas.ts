// zod/mini: the same checks as zod in a 15 kB bundle instead of 450 kB (first paint matters).
import * as z from "zod/mini";

/**
 * The API's JSON as the dashboard reads it (issue 5). Every answer is validated here, so a
 * malformed answer becomes an error message in the view instead of a blank or wrong chart.
 */
const pct = z.nullable(z.number());
/** Revenue the disclosure rule withholds is null, with revenue_withheld: true beside it. */
const fen = z.optional(z.nullable(z.int()));
const withheldFlag = z.optional(z.boolean());

export const meSchema = z.object({
  role: z.string(),
  operator_id: z.nullable(z.string()),
  name: z.string(),
});

export const registerSchema = z.object({
  towns: z.array(z.object({ town_id: z.string(), name_zh: z.string(), name_en: z.string() })),
  operators: z.array(z.object({ operator_id: z.string(), name_zh: z.string(), name_en: z.string() })),
  sites: z.array(z.object({ site_id: z.string(), town_id: z.string(), operator_id: z.string(), name_zh: z.string(), name_en: z.string() })),
});

export const holidayListSchema = z.array(z.object({ key: z.string(), year: z.int(), name_zh: z.string(), start: z.string(), end: z.string(), days: z.int() }));

const periodSchema = z.object({
  start: z.string(),
  end: z.string(),
  days: z.int(),
  /** The runs of dates counted: two when a merged holiday meets separate ones a year apart. */
  parts: z.optional(z.array(z.object({ start: z.string(), end: z.string() }))),
  /** Null with no_data_reason when no day of the period has data (never 0). */
  visitors: z.nullable(z.number()),
  revenue_fen: fen,
  revenue_withheld: withheldFlag,
  visitors_per_day: z.nullable(z.number()),
  peak_day: z.nullable(z.object({ date: z.string(), visitors: z.number() })),
  /** False when some day has no data; the API then gives no percentages. */
  complete: z.optional(z.boolean()),
  missing_dates: z.optional(z.array(z.string())),
  no_data_reason: z.optional(z.nullable(z.string())),
});

const breakdownRowSchema = z.object({
  id: z.string(),
  name_zh: z.optional(z.string()),
  name_en: z.optional(z.string()),
  current: z.object({ visitors: z.nullable(z.number()), revenue_fen: fen, revenue_withheld: withheldFlag, no_data_reason: z.optional(z.nullable(z.string())) }),
  previous: z.nullable(
    z.object({ visitors: z.nullable(z.number()), revenue_fen: fen, revenue_withheld: withheldFlag, no_data_reason: z.optional(z.nullable(z.string())) }),
  ),
  yoy: z.object({ visitors_pct: pct, revenue_pct: z.optional(pct) }),
});

const scopeLabelSchema = z.object({ kind: z.string(), id: z.nullable(z.string()), name_zh: z.string(), name_en: z.string() });

export const holidayReportSchema = z.object({
  holiday: z.string(),
  /** Every holiday the period covers: two when Mid-Autumn and National Day merge. */
  holidays: z.optional(z.array(z.string())),
  year: z.int(),
  scope: z.optional(scopeLabelSchema),
  comparable: z.boolean(),
  revenue_withheld: z.optional(z.boolean()),
  current: periodSchema,
  previous: z.nullable(periodSchema),
  yoy: z.object({
    visitors_pct: pct,
    revenue_pct: z.optional(pct),
    visitors_per_day_pct: pct,
    peak_day_visitors_pct: pct,
  }),
  baseline: z.optional(z.nullable(z.extend(periodSchema, { year: z.int() }))),
  breakdown: z.optional(z.nullable(z.array(breakdownRowSchema))),
});

export const trendRowSchema = z.object({
  period: z.string(),
  visitors: z.number(),
  revenue_fen: fen,
  revenue_withheld: withheldFlag,
  /** Null when the row has no counterpart a year earlier (29 February, date-aligned). */
  prev_visitors: z.nullable(z.number()),
  prev_revenue_fen: fen,
  prev_revenue_withheld: withheldFlag,
  visitors_yoy_pct: pct,
  revenue_yoy_pct: z.optional(pct),
  holidays: z.optional(z.array(z.string())),
});
export const trendReportSchema = z.object({ revenue_withheld: z.optional(z.boolean()), rows: z.array(trendRowSchema) });

export const growthReportSchema = z.object({
  revenue_withheld: z.optional(z.boolean()),
  baseline: z.optional(z.nullable(z.object({ year: z.int(), visitors: z.number(), revenue_fen: fen, revenue_withheld: withheldFlag }))),
  years: z.array(
    z.object({
      year: z.int(),
      visitors: z.number(),
      revenue_fen: fen,
      revenue_withheld: withheldFlag,
      visitors_yoy_pct: pct,
      revenue_yoy_pct: z.optional(pct),
      visitors_vs_baseline_pct: z.optional(pct),
      revenue_vs_baseline_pct: z.optional(pct),
    }),
  ),
  cagr: z.object({ visitors_pct: pct, revenue_pct: z.optional(pct) }),
});

export const errorBodySchema = z.object({ error: z.string() });

export type Me = z.infer<typeof meSchema>;
export type Register = z.infer<typeof registerSchema>;
export type HolidayPeriodInfo = z.infer<typeof holidayListSchema>[number];
export type PeriodFigures = z.infer<typeof periodSchema>;
export type HolidayReport = z.infer<typeof holidayReportSchema>;
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;
export type TrendRow = z.infer<typeof trendRowSchema>;
export type TrendReport = z.infer<typeof trendReportSchema>;
export type GrowthReport = z.infer<typeof growthReportSchema>;
