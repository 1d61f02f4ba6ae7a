import { formatHeadlineCount, formatPct } from "./format.ts";
import { holidayName, type Locale, translator } from "./i18n.ts";
import type { HolidayReport } from "./schemas.ts";

export interface HolidayHeadlineInput {
  /** The period's holiday keys: one, or two when Mid-Autumn and National Day merge. */
  holidays: readonly string[];
  year: number;
  scopeName: string;
  /** Null when the period has no data: the sentence says so instead of a count. */
  visitors: number | null;
  /** The year on year on the comparable basis (the report's yoy.visitors_pct). */
  visitorsPct: number | null;
  /** The days compared when the two periods differ in length (basis.days); null when they are equal. */
  comparableDays?: number | null;
  /** This year as a percentage of a baseline year's (恢复率), when asked for. */
  recovery?: { year: number; visitorsPct: number | null } | null;
}

/** A holiday's headline from its report: the comparable basis named whenever the two periods differ in length. */
export function holidayHeadlineInput(
  report: Pick<HolidayReport, "holidays" | "year" | "comparable" | "previous" | "basis" | "current" | "yoy" | "baseline">,
  scopeName: string,
): HolidayHeadlineInput {
  return {
    holidays: report.holidays,
    year: report.year,
    scopeName,
    visitors: report.current.visitors,
    visitorsPct: report.yoy.visitors_pct,
    comparableDays: report.comparable || !report.previous ? null : report.basis.days,
    recovery: report.baseline ? { year: report.baseline.year, visitorsPct: report.baseline.recovery.visitors_pct } : null,
  };
}

/**
 * The holiday view's sentence, e.g. "清明 2019 · 廊下郊野公园：9,700 人次，同比 +47.0%" (large counts in
 * 万); "按可比口径（前7天）同比 …" when the two holidays differ in length.
 */
export function holidayHeadline(locale: Locale, input: HolidayHeadlineInput): string {
  const t = translator(locale);
  const days = input.comparableDays ?? null;
  const sentence = t(days === null ? "headline" : "headlineComparable", {
    holiday: holidayName(locale, input.holidays),
    year: input.year,
    scope: input.scopeName,
    visitors: input.visitors === null ? t("noDataCell") : formatHeadlineCount(locale, input.visitors),
    pct: formatPct(input.visitorsPct),
    days: days ?? 0,
  });
  const recovery = input.recovery;
  if (!recovery || recovery.visitorsPct === null) return sentence;
  return `${sentence}${t("headlineRecovery", { year: recovery.year, pct: `${recovery.visitorsPct.toFixed(1)}%` })}`;
}

/** The growth view's sentence, e.g. "2019–2024 年 · 联盟：年均复合增长 +8.4%". */
export function growthHeadline(locale: Locale, input: { from: number; to: number; scopeName: string; cagrPct: number | null }): string {
  return translator(locale)("growthHeadline", { from: input.from, to: input.to, scope: input.scopeName, cagr: formatPct(input.cagrPct) });
}

export interface FestivalHeadlineInput {
  festivalName: string;
  year: number;
  scopeName: string;
  /** Single-day peak visitors year on year; null without a comparable peak. */
  peakPct: number | null;
  revenuePct: number | null;
  /** Why a percentage is missing, said in words (never 0): the revenue withheld, or a period without data. */
  revenueWithheld: boolean;
  noData: boolean;
}

/** The festival view's sentence, e.g. "赏花节 2019 · 联盟：单日游客量同比 +47.0%，营业额同比 +20.0%". */
export function festivalHeadline(locale: Locale, input: FestivalHeadlineInput): string {
  const t = translator(locale);
  const noData = t("noDataCell");
  return t("festivalHeadline", {
    festival: input.festivalName,
    year: input.year,
    scope: input.scopeName,
    peakPct: input.noData ? noData : formatPct(input.peakPct),
    revenuePct: input.revenueWithheld ? t("withheld") : input.noData ? noData : formatPct(input.revenuePct),
  });
}
