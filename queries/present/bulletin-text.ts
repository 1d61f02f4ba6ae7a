import { type HolidayKey, holidayKeys, holidayNamesEn } from "../../transforms/calendar/holiday-keys.ts";
import { countRangeZhText, countText, countZhText, moneyText, revenueZhText } from "./format.ts";
import type { PeriodFigures } from "../reports/period-figures.ts";
import type { BulletinFigures, BulletinLanguage, BulletinLine } from "../reports/schemas.ts";

/** The holiday names bulletins use (中秋国庆假期, 五一假期), in the order of the year. */
const holidayZh: Record<HolidayKey, string> = {
  new_year: "元旦",
  spring_festival: "春节",
  qingming: "清明",
  labour_day: "五一",
  dragon_boat: "端午",
  mid_autumn: "中秋",
  national_day: "国庆",
};
const ordered = (keys: readonly HolidayKey[]) => [...keys].sort((a, b) => holidayKeys.indexOf(a) - holidayKeys.indexOf(b));

const holidayNameZh = (f: BulletinFigures) =>
  ordered(f.holidays)
    .map((k) => holidayZh[k])
    .join("");
const holidayNameEn = (f: BulletinFigures) =>
  ordered(f.holidays)
    .map((k) => holidayNamesEn[k])
    .join(" and ");

const numeralsZh = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];
const countZh = (n: number) => numeralsZh[n] ?? String(n);

const revenueEnText = (fen: number) => `CNY ${moneyText(fen, "en")}`;

/** "同比增长8.6%", "同比下降3.2%", "与上年同期持平", or why there is no figure. */
function changeZh(pct: number | null, current: PeriodFigures, previous: PeriodFigures | null): string {
  if (pct === null) return current.complete || !previous ? "上年同期无可比数据" : "本期数据不完整，未作同比";
  if (pct === 0) return "与上年同期持平";
  return `同比${pct > 0 ? "增长" : "下降"}${Math.abs(pct).toFixed(1)}%`;
}

function changeEn(pct: number | null, current: PeriodFigures, previous: PeriodFigures | null): string {
  if (pct === null) return current.complete || !previous ? "no comparable figure for last year" : "incomplete data, no year-on-year figure";
  if (pct === 0) return "unchanged year on year";
  return `${pct > 0 ? "up" : "down"} ${Math.abs(pct).toFixed(1)}% year on year`;
}

const withheldZh = "旅游收入按统计披露规则不予公布";
const withheldEn = "revenue withheld under the disclosure rule";

/** A period without a single event says so in words: never 0. */
const visitorsZh = (n: number | null) => (n === null ? "暂无数据" : `${countZhText(n)}人次`);
const visitorsEn = (n: number | null) => (n === null ? "no visitor data" : `${countText(n, "en")} visitors`);

/** Revenue in words: withheld under the rule, absent for want of data, or the amount. */
const revenueZh = (p: PeriodFigures) =>
  p.revenue_withheld ? withheldZh : p.revenue_fen === null ? "旅游收入暂无数据" : `实现旅游收入${revenueZhText(p.revenue_fen)}`;
const revenueEn = (p: PeriodFigures) =>
  p.revenue_withheld ? withheldEn : p.revenue_fen === null ? "no revenue data" : `revenue was ${revenueEnText(p.revenue_fen)}`;

function hourZh(asOf: string): string {
  const [hour, minute] = asOf.split(":").map(Number) as [number, number];
  return `${hour}时${minute === 0 ? "" : `${minute}分`}`;
}

const dateZh = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

function asOfZh(f: BulletinFigures): string {
  return `截至${dateZh(f.date)}${hourZh(f.as_of)}`;
}

/** Names the sites whose counts could not be cut at the hour, day by day: their figures are not complete. */
function notCutZh(f: BulletinFigures): string {
  return f.not_cut
    .map((d) => {
      const names = [...d.sites.map((s) => s.name_zh), ...(d.other_sites > 0 ? [`另${countZh(d.other_sites)}处景区`] : [])].join("、");
      const day = d.date === f.date ? "" : `上年同期（${dateZh(d.date)}）`;
      return `注：${day}${names}的客流计数无法截至${hourZh(f.as_of)}（仅有跨越该时刻的合计，如全天合计，或此前无计数），其${hourZh(f.as_of)}前的游客未能计入，相关数据不完整，未作同比。`;
    })
    .join("");
}

function notCutEn(f: BulletinFigures): string {
  return f.not_cut
    .map((d) => {
      const names = [...d.sites.map((s) => s.name_en), ...(d.other_sites > 0 ? [`${d.other_sites} other site${d.other_sites === 1 ? "" : "s"}`] : [])].join(
        ", ",
      );
      const day = d.date === f.date ? "" : ` on last year's compared day (${d.date})`;
      return `Note: the gate counts of ${names}${day} cannot be cut at ${f.as_of} (only counts spanning that time, such as a daily total, or nothing counted before it), so their visitors before ${f.as_of} are missing; the figures concerned are incomplete and not compared year on year.`;
    })
    .join(" ");
}

function asOfEn(f: BulletinFigures): string {
  const month = new Date(`${f.date}T00:00:00Z`).toLocaleString("en-GB", { month: "long", timeZone: "UTC" });
  return `As of ${f.as_of} on ${Number(f.date.slice(8, 10))} ${month} ${f.year}`;
}

function daysZh(f: BulletinFigures): string {
  if (f.day === f.holiday_days) return `${countZh(f.day)}天`;
  return f.day === 1 ? "首日" : `前${countZh(f.day)}天`;
}

function daysEn(f: BulletinFigures): string {
  if (f.day === f.holiday_days) return `over the ${f.day} days of`;
  return f.day === 1 ? "on the first day of" : `in the first ${f.day} days of`;
}

function scopeZh(f: BulletinFigures): string {
  if (f.scope.kind === "alliance") return "联盟各景区";
  if (f.scope.kind === "town") return `${f.scope.name_zh}各景区`;
  return f.scope.name_zh;
}

function scopeEn(f: BulletinFigures): string {
  if (f.scope.kind === "alliance") return "the alliance's sites";
  if (f.scope.kind === "town") return `the sites of ${f.scope.name_en}`;
  return f.scope.name_en;
}

/** The comparable basis, when the two holidays differ in length: which days are compared. */
function basisZh(f: BulletinFigures): string {
  const days = f.compared_days === 1 ? "首日" : `前${countZh(f.compared_days)}天`;
  return `按可比口径（今年假期${countZh(f.holiday_days)}天、上年${countZh(f.previous_holiday_days ?? 0)}天，比较假期${days}）`;
}

function basisEn(f: BulletinFigures): string {
  const days = f.compared_days === 1 ? "the first day" : `the first ${f.compared_days} days`;
  return `On a comparable basis (this year's ${f.holiday_days}-day holiday against last year's ${f.previous_holiday_days ?? 0}-day one, comparing ${days})`;
}

/** "接待游客恢复至2019年同期的87.0%", over the comparable days; nothing when it cannot be computed. */
function recoveryZh(f: BulletinFigures): string | null {
  const r = f.recovery;
  if (!r || r.visitors_pct === null) return null;
  const basis = r.days < f.day ? `按可比口径（前${countZh(r.days)}天），` : "";
  const revenue = r.revenue_pct === null ? "" : `，旅游收入恢复至${r.year}年同期的${r.revenue_pct.toFixed(1)}%`;
  return `${basis}接待游客恢复至${r.year}年同期的${r.visitors_pct.toFixed(1)}%${revenue}。`;
}

function recoveryEn(f: BulletinFigures): string | null {
  const r = f.recovery;
  if (!r || r.visitors_pct === null) return null;
  const basis = r.days < f.day ? ` (comparable basis, the first ${r.days} days)` : "";
  const revenue = r.revenue_pct === null ? "" : `, revenue to ${r.revenue_pct.toFixed(1)}%`;
  return `Visitors recovered to ${r.visitors_pct.toFixed(1)}% of the same period of ${r.year}${revenue}${basis}.`;
}

/** Tomorrow's forecast, when tomorrow is a day of the holiday: "预计明日接待游客约1.23万人次（80%区间1.05–1.41万人次）。" */
function tomorrowZh(f: BulletinFigures): string | null {
  const t = f.tomorrow;
  return t ? `预计明日接待游客约${countZhText(t.expected)}人次（80%区间${countRangeZhText(t.low80, t.high80)}人次）。` : null;
}

function tomorrowEn(f: BulletinFigures): string | null {
  const t = f.tomorrow;
  return t
    ? `Tomorrow about ${countText(t.expected, "en")} visitors are expected (80% interval ${countText(t.low80, "en")}–${countText(t.high80, "en")}).`
    : null;
}

function lineZh(l: BulletinLine, withRevenue: boolean): string {
  const visitors = `${l.name_zh}接待游客${visitorsZh(l.current.visitors)}，${changeZh(l.yoy.visitors_pct, l.current, l.previous)}`;
  if (!withRevenue) return visitors;
  const revenue =
    l.current.revenue_fen === null
      ? `旅游收入${l.current.revenue_withheld ? "不予公布" : "暂无数据"}`
      : `旅游收入${revenueZhText(l.current.revenue_fen)}，${changeZh(l.yoy.revenue_pct, l.current, l.previous)}`;
  return `${visitors}，${revenue}`;
}

function lineEn(l: BulletinLine, withRevenue: boolean): string {
  const visitors = `${l.name_en} ${visitorsEn(l.current.visitors)} (${changeEn(l.yoy.visitors_pct, l.current, l.previous)})`;
  if (!withRevenue) return visitors;
  const revenue =
    l.current.revenue_fen === null
      ? l.current.revenue_withheld
        ? "revenue withheld"
        : "no revenue data"
      : `revenue ${revenueEnText(l.current.revenue_fen)} (${changeEn(l.yoy.revenue_pct, l.current, l.previous)})`;
  return `${visitors}, ${revenue}`;
}

function zh(f: BulletinFigures): string {
  const holiday = `${holidayNameZh(f)}假期`;
  const visitors = `${asOfZh(f)}，${holiday}${daysZh(f)}${scopeZh(f)}累计接待游客${visitorsZh(f.current.visitors)}`;
  const revenue = revenueZh(f.current);
  const visitorsChange = changeZh(f.yoy.visitors_pct, f.current, f.previous);
  const revenueChange = f.current.revenue_fen === null ? null : changeZh(f.yoy.revenue_pct, f.current, f.previous);
  const parts: string[] = [];
  if (f.comparable || !f.previous) {
    parts.push(`${visitors}，${visitorsChange}；${revenue}${revenueChange ? `，${revenueChange}` : ""}。`);
  } else {
    parts.push(`${visitors}；${revenue}。`);
    parts.push(`${basisZh(f)}，接待游客${visitorsChange}${revenueChange ? `，旅游收入${revenueChange}` : ""}。`);
  }
  if (f.not_cut.length > 0) parts.push(notCutZh(f));
  const recovered = recoveryZh(f);
  if (recovered) parts.push(recovered);
  if (f.towns.length > 0) parts.push(`其中${f.towns.map((t) => lineZh(t, true)).join("；")}。`);
  if (f.sites.length > 0) parts.push(`主要景区：${f.sites.map((s) => lineZh(s, false)).join("；")}。`);
  const tomorrow = tomorrowZh(f);
  if (tomorrow) parts.push(tomorrow);
  return parts.join("");
}

function en(f: BulletinFigures): string {
  const holiday = `${holidayNameEn(f)} holiday`;
  const visitors = `${asOfEn(f)}, ${daysEn(f)} the ${holiday} ${scopeEn(f)} received ${visitorsEn(f.current.visitors)}`;
  const revenue = revenueEn(f.current);
  const visitorsChange = changeEn(f.yoy.visitors_pct, f.current, f.previous);
  const revenueChange = f.current.revenue_fen === null ? null : changeEn(f.yoy.revenue_pct, f.current, f.previous);
  const parts: string[] = [];
  if (f.comparable || !f.previous) {
    parts.push(`${visitors}, ${visitorsChange}; ${revenue}${revenueChange ? `, ${revenueChange}` : ""}.`);
  } else {
    parts.push(`${visitors}; ${revenue}.`);
    parts.push(`${basisEn(f)}: visitors ${visitorsChange}${revenueChange ? `; revenue ${revenueChange}` : ""}.`);
  }
  if (f.not_cut.length > 0) parts.push(notCutEn(f));
  const recovered = recoveryEn(f);
  if (recovered) parts.push(recovered);
  if (f.towns.length > 0) parts.push(`By town: ${f.towns.map((t) => lineEn(t, true)).join("; ")}.`);
  if (f.sites.length > 0) parts.push(`Main sites: ${f.sites.map((s) => lineEn(s, false)).join("; ")}.`);
  const tomorrow = tomorrowEn(f);
  if (tomorrow) parts.push(tomorrow);
  return parts.join(" ");
}

/** The bulletin in the fixed form of Chinese official holiday bulletins, or its English rendering. */
export function bulletinText(figures: BulletinFigures, lang: BulletinLanguage): string {
  return lang === "zh" ? zh(figures) : en(figures);
}

/** The title a bulletin is filed under. */
export function bulletinTitle(f: BulletinFigures, lang: BulletinLanguage): string {
  return lang === "zh"
    ? `${f.scope.name_zh} ${f.year}年${holidayNameZh(f)}假期旅游统计日报（${f.date}）`
    : `${f.scope.name_en}: ${holidayNameEn(f)} holiday ${f.year}, daily bulletin (${f.date})`;
}

/** The line under the title: the issuing office and the bulletin's date. */
export function bulletinDateline(f: BulletinFigures, lang: BulletinLanguage): string {
  const date = lang === "zh" ? `${f.year}年${dateZh(f.date)}` : f.date;
  return f.office === "" ? date : `${f.office}${lang === "zh" ? "　" : ", "}${date}`;
}

/** The bulletin as sent: its title, the office and date, then the text. */
export function bulletinDocument(f: BulletinFigures, lang: BulletinLanguage): string {
  return `${bulletinTitle(f, lang)}\n${bulletinDateline(f, lang)}\n\n${bulletinText(f, lang)}`;
}
