import type { Locale } from "./i18n.ts";

/** Numbers are shown the zh-CN way in both languages (the alliance's reports use it). */
const integer = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 0 });
const decimal1 = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const money = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const missing = "—";

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? missing : integer.format(value);
}

const wan = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });

/** A count in a sentence, as people read it: in Chinese from 10,000 up in 万 (123,400 → "12.34万"); English keeps "123,400". */
export function formatHeadlineCount(locale: Locale, value: number | null | undefined): string {
  if (value === null || value === undefined) return missing;
  return locale === "zh" && Math.abs(value) >= 10_000 ? `${wan.format(value / 10_000)}万` : integer.format(value);
}

export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? missing : decimal1.format(value);
}

/** Integer fen as yuan with two decimals, e.g. 1234567 → "12,345.67". */
export function formatYuan(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? missing : money.format(fen / 100);
}

/** Fen as a plain yuan number for charts and CSV; exact to the fen for amounts below 2^53 fen. */
export function fenToYuanNumber(fen: number | null | undefined): number | null {
  return fen === null || fen === undefined ? null : fen / 100;
}

/** A percent change with its sign, e.g. 47 → "+47.0%"; null (no previous figure) → "—". */
export function formatPct(value: number | null | undefined): string {
  if (value === null || value === undefined) return missing;
  const sign = value > 0 ? "+" : value < 0 ? "-" : "±";
  return `${sign}${decimal1.format(Math.abs(value))}%`;
}

const localClock = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

/** A moment as the site's local wall-clock time "14:05:09"; warehouse UTC text ("2025-10-03 06:05:09") is read as UTC. */
export function formatLocalTime(moment: string): string {
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(moment) ? `${moment.replace(" ", "T")}Z` : moment;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? moment : localClock.format(date);
}
