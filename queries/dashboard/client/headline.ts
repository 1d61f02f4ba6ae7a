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
