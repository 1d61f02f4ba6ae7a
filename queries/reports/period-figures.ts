import { fenToYuan } from "../../ingest/contracts/money.ts";
import { daysBetween, eachDate } from "../../transforms/calendar/dates.ts";
import { percentChange, perDay } from "../metrics/change.ts";
import type { Span } from "../metrics/periods.ts";
import type { Grant } from "../access/access.ts";
import type { DailyFigure } from "./daily-figures.ts";
import type { Money, PeriodChange, PeriodFigures } from "./schemas.ts";

export type { Money, PeriodChange, PeriodFigures };

/** Sums over a span, and which of its days have no events at all (unknown, not zero). */
export interface SpanTotals {
  visitors: number;
  revenue_fen: number;
  /** Operators with sales or refunds on some day of the span. */
  contributors: Set<string>;
  missing_dates: string[];
  /** The day with most visitors; the earliest on a tie. */
  peak: { date: string; visitors: number } | null;
}

/** `rows` hold one scope (or one key of a breakdown), one row per date with events. */
export function totalsOver(rows: ReadonlyMap<string, DailyFigure>, spans: readonly Span[]): SpanTotals {
  const totals: SpanTotals = { visitors: 0, revenue_fen: 0, contributors: new Set(), missing_dates: [], peak: null };
  for (const date of spans.flatMap((span) => eachDate(span.start, span.end))) {
    const row = rows.get(date);
    if (!row || row.footfall_events + row.ticket_events === 0) {
      totals.missing_dates.push(date);
      continue;
    }
    totals.visitors += row.visitors;
    totals.revenue_fen += row.revenue_fen;
    for (const id of row.contributors) totals.contributors.add(id);
    if (!totals.peak || row.visitors > totals.peak.visitors) totals.peak = { date, visitors: row.visitors };
  }
  return totals;
}

export function byDate(rows: readonly DailyFigure[]): Map<string, DailyFigure> {
  return new Map(rows.map((row) => [row.date, row]));
}

/** Revenue as integer fen plus its yuan text, or null with the reason when the rule withholds it. */
export function money(totals: Pick<SpanTotals, "revenue_fen" | "contributors">, grant: Grant): Money {
  const disclosure = grant.revenue(totals.contributors);
  return disclosure.shown
    ? { revenue_fen: totals.revenue_fen, revenue_cny: fenToYuan(totals.revenue_fen), revenue_withheld: false, revenue_withheld_reason: null }
    : { revenue_fen: null, revenue_cny: null, revenue_withheld: true, revenue_withheld_reason: disclosure.reason };
}

/** Why a period's figures are null: not one event on any of its days (a holiday still to come, a site not yet open). */
export const noDataReason = "no data: no events on any day of the period";

/** Visitors and revenue over a span: null with the reason when not one of its days has data, never 0. */
export type SpanFigures =
  | ({ visitors: number; no_data_reason: null } & Money)
  | { visitors: null; no_data_reason: string; revenue_fen: null; revenue_cny: null; revenue_withheld: false; revenue_withheld_reason: null };

/** `days`: how many days `totals` were summed over. */
export function spanFigures(totals: SpanTotals, days: number, grant: Grant): SpanFigures {
  if (totals.missing_dates.length === days) {
    return { visitors: null, no_data_reason: noDataReason, revenue_fen: null, revenue_cny: null, revenue_withheld: false, revenue_withheld_reason: null };
  }
  return { visitors: totals.visitors, no_data_reason: null, ...money(totals, grant) };
}

/** Figures over `parts` (ordered, disjoint runs of dates). */
export function periodFigures(parts: readonly Span[], rows: ReadonlyMap<string, DailyFigure>, grant: Grant): PeriodFigures {
  const totals = totalsOver(rows, parts);
  const days = parts.reduce((sum, part) => sum + daysBetween(part.start, part.end), 0);
  const span = { start: parts[0]!.start, end: parts[parts.length - 1]!.end, days, parts: [...parts] };
  const missing = { complete: totals.missing_dates.length === 0, missing_dates: totals.missing_dates };
  const figures = spanFigures(totals, days, grant);
  if (figures.visitors === null) return { ...span, ...figures, visitors_per_day: null, peak_day: null, ...missing };
  return { ...span, ...figures, visitors_per_day: perDay(figures.visitors, days), peak_day: totals.peak, ...missing };
}

/** Percent changes; all null unless both periods are complete ("only complete data counts"). */
export function periodChange(current: PeriodFigures, previous: PeriodFigures | null): PeriodChange {
  if (!previous || !current.complete || !previous.complete || current.visitors === null || previous.visitors === null) {
    return { visitors_pct: null, revenue_pct: null, visitors_per_day_pct: null, peak_day_visitors_pct: null };
  }
  return {
    visitors_pct: percentChange(current.visitors, previous.visitors),
    revenue_pct: current.revenue_fen === null || previous.revenue_fen === null ? null : percentChange(current.revenue_fen, previous.revenue_fen),
    visitors_per_day_pct: percentChange(current.visitors / current.days, previous.visitors / previous.days),
    peak_day_visitors_pct: current.peak_day && previous.peak_day ? percentChange(current.peak_day.visitors, previous.peak_day.visitors) : null,
  };
}
