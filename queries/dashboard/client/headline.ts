import { formatHeadlineCount, formatPct } from "./format.ts";
import { holidayName, type Locale, translator } from "./i18n.ts";

export interface HolidayHeadlineInput {
  /** The period's holiday keys: one, or two when Mid-Autumn and National Day merge. */
  holidays: readonly string[];
  year: number;
  scopeName: string;
  /** Null when the period has no data: the sentence says so instead of a count. */
  visitors: number | null;
  visitorsPct: number | null;
}

/** The holiday view's sentence, e.g. "清明 2019 · 廊下郊野公园：9,700 人次，同比 +47.0%" (large counts in 万). */
export function holidayHeadline(locale: Locale, input: HolidayHeadlineInput): string {
  return translator(locale)("headline", {
    holiday: holidayName(locale, input.holidays),
    year: input.year,
    scope: input.scopeName,
    visitors: input.visitors === null ? translator(locale)("noDataCell") : formatHeadlineCount(locale, input.visitors),
    pct: formatPct(input.visitorsPct),
  });
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
