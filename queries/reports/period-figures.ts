import { fenToYuan } from "../../ingest/contracts/money.ts";
import { daysBetween } from "../../transforms/calendar/dates.ts";
import { percentChange, perDay, recoveryPct } from "../metrics/change.ts";
import type { Span } from "../metrics/periods.ts";
import type { Grant } from "../access/access.ts";
import type { PeriodTotals } from "./period-totals.ts";
import type { Money, PeriodChange, PeriodFigures, Recovery } from "./schemas.ts";

export type { Money, PeriodChange, PeriodFigures, Recovery };

/** Revenue as integer fen plus its yuan text, or null with the reason when the rule withholds it. */
export function money(totals: Pick<PeriodTotals, "revenue_fen" | "cells">, grant: Grant): Money {
  const disclosure = grant.revenue(totals.cells);
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
export function spanFigures(totals: PeriodTotals, days: number, grant: Grant): SpanFigures {
  if (totals.missing_dates.length === days) {
    return { visitors: null, no_data_reason: noDataReason, revenue_fen: null, revenue_cny: null, revenue_withheld: false, revenue_withheld_reason: null };
  }
  return { visitors: totals.visitors, no_data_reason: null, ...money(totals, grant) };
}

/** Figures over `parts` (ordered, disjoint runs of dates), from their totals. */
export function periodFigures(parts: readonly Span[], totals: PeriodTotals, grant: Grant): PeriodFigures {
  const days = parts.reduce((sum, part) => sum + daysBetween(part.start, part.end), 0);
  const span = { start: parts[0]!.start, end: parts[parts.length - 1]!.end, days, parts: [...parts] };
  const missing = { complete: totals.missing_dates.length === 0, missing_dates: totals.missing_dates };
  const figures = spanFigures(totals, days, grant);
  if (figures.visitors === null) return { ...span, ...figures, visitors_per_day: null, peak_day: null, ...missing };
  return { ...span, ...figures, visitors_per_day: perDay(figures.visitors, days), peak_day: totals.peak, ...missing };
}

/** Percent changes; all null unless both periods are complete ("only complete data counts"). */
export function periodChange(current: PeriodFigures | null, previous: PeriodFigures | null): PeriodChange {
  if (!current || !previous || !current.complete || !previous.complete || current.visitors === null || previous.visitors === null) {
    return { visitors_pct: null, revenue_pct: null, visitors_per_day_pct: null, peak_day_visitors_pct: null };
  }
  return {
    visitors_pct: percentChange(current.visitors, previous.visitors),
    revenue_pct: current.revenue_fen === null || previous.revenue_fen === null ? null : percentChange(current.revenue_fen, previous.revenue_fen),
    visitors_per_day_pct: percentChange(current.visitors / current.days, previous.visitors / previous.days),
    peak_day_visitors_pct: current.peak_day && previous.peak_day ? percentChange(current.peak_day.visitors, previous.peak_day.visitors) : null,
  };
}

/** This year's figures as a percentage of a baseline year's over the same `days` (恢复率); null unless both are complete. */
export function recovery(current: PeriodFigures | null, baseline: PeriodFigures | null, year: number, days: number): Recovery {
  if (!current || !baseline || !current.complete || !baseline.complete || current.visitors === null || baseline.visitors === null) {
    return { year, days, visitors_pct: null, revenue_pct: null };
  }
  return {
    year,
    days,
    visitors_pct: recoveryPct(current.visitors, baseline.visitors),
    revenue_pct: current.revenue_fen === null || baseline.revenue_fen === null ? null : recoveryPct(current.revenue_fen, baseline.revenue_fen),
  };
}
