/**
 * How a figure reads, the one rule for every surface (CLI text, dashboard, bulletin): pure, so the
 * dashboard bundle uses it too.
 */
export type Lang = "zh" | "en";
export const langs = ["zh", "en"] as const;

const grouped = (n: number, decimals = 0) => n.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/** Counts from 10,000 up in 万 with two decimals (12.34万), below with thousands separators (9,700). */
export function countZhText(n: number): string {
  return Math.abs(n) >= 10_000 ? `${(Math.round(n / 100) / 100).toFixed(2)}万` : grouped(n);
}

/** A range of counts in Chinese, the unit once when both ends are in 万: "1.05–1.41万", "8,100–9,700", "9,800–1.20万". */
export function countRangeZhText(low: number, high: number): string {
  const [from, to] = [countZhText(low), countZhText(high)];
  return from.endsWith("万") && to.endsWith("万") ? `${from.slice(0, -1)}–${to}` : `${from}–${to}`;
}

/** A count as its reader says it: 万 in Chinese, thousands separators in English. */
export function countText(n: number, lang: Lang): string {
  return lang === "zh" ? countZhText(n) : grouped(n);
}

/** Whole people: an average of visitors is a count of people. */
export const wholePeople = (n: number): number => Math.round(n);

/** Revenue in yuan: from ¥10,000 up in 万元 with two decimals, below in 元 with two decimals. */
export function revenueZhText(fen: number): string {
  return Math.abs(fen) >= 1_000_000 ? `${(Math.round(fen / 10_000) / 100).toFixed(2)}万元` : `${grouped(fen / 100, 2)}元`;
}

/** Integer fen as money: 元 or 万元 in Chinese (the unit in the figure), yuan with separators in English. */
export function moneyText(fen: number, lang: Lang): string {
  return lang === "zh" ? revenueZhText(fen) : grouped(fen / 100, 2);
}

/** A change in percent with its sign and one decimal: "+47.0%", "-3.2%", "±0.0%". */
export function changeText(pct: number): string {
  const shown = Math.abs(pct).toFixed(1);
  return `${shown === "0.0" ? "±" : pct > 0 ? "+" : "-"}${shown}%`;
}

/** A share in percent with one decimal: "83.5%". */
export const shareText = (pct: number): string => `${pct.toFixed(1)}%`;

export const flagText = (value: boolean, lang: Lang): string => (value ? (lang === "zh" ? "是" : "yes") : lang === "zh" ? "否" : "no");

/** Asia/Shanghai keeps UTC+8 all year (no daylight saving since 1991). */
const shanghaiOffsetMs = 8 * 3_600_000;

/**
 * An instant as Asia/Shanghai wall-clock time with its offset, "2025-10-03T14:05:09+08:00";
 * warehouse UTC text ("2025-10-03 06:05:09") is read as UTC. Text that is no instant stays as it is.
 */
export function shanghaiTime(moment: string): string {
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(moment) ? `${moment.replace(" ", "T")}Z` : moment;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return moment;
  return `${new Date(ms + shanghaiOffsetMs).toISOString().slice(0, 19)}+08:00`;
}

/** The same instant for reading: "2025-10-03 14:05:09 +08:00". */
export const shanghaiTimeText = (moment: string): string => shanghaiTime(moment).replace("T", " ").replace("+08:00", " +08:00");
