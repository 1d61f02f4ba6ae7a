import { changeText, countText } from "../../present/format.ts";
import type { Locale } from "./i18n.ts";

/** Figures in headlines, tiles and charts; tables show theirs through the present views, by the same rules. */
export const missing = "—";

/** A count with thousands separators, e.g. a tile's "1,234 / 3,000". */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? missing : countText(value, "en");
}

/** A count in a sentence, as people read it: in Chinese from 10,000 up in 万 (123,400 → "12.34万"); English keeps "123,400". */
export function formatHeadlineCount(locale: Locale, value: number | null | undefined): string {
  return value === null || value === undefined ? missing : countText(value, locale);
}

/** Fen as a plain yuan number for charts; exact to the fen for amounts below 2^53 fen. */
export function fenToYuanNumber(fen: number | null | undefined): number | null {
  return fen === null || fen === undefined ? null : fen / 100;
}

/** A percent change with its sign, e.g. 47 → "+47.0%"; null (no previous figure) → "—". */
export function formatPct(value: number | null | undefined): string {
  return value === null || value === undefined ? missing : changeText(value);
}

const localClock = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

/** A moment as the site's local wall-clock time "14:05:09"; warehouse UTC text ("2025-10-03 06:05:09") is read as UTC. */
export function formatLocalTime(moment: string): string {
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(moment) ? `${moment.replace(" ", "T")}Z` : moment;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? moment : localClock.format(date);
}
