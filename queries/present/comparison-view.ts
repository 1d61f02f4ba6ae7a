import type { FestivalReport } from "../reports/festival.ts";
import type { HolidayReport } from "../reports/holiday.ts";
import type { PeriodChange, PeriodFigures } from "../reports/period-figures.ts";
import { type Cell, type Column, noData, type Tabular } from "./tabular.ts";
import { pct, revenueCell, revenueNote, scopeTitle } from "./labels.ts";

const columns: Column[] = [
  { key: "row", zh: "行", en: "row", rowLabel: true },
  { key: "id", zh: "范围", en: "scope", rowLabel: true },
  { key: "start", zh: "开始", en: "start" },
  { key: "end", zh: "结束", en: "end" },
  { key: "days", zh: "天数", en: "days" },
  { key: "visitors", zh: "游客", en: "visitors" },
  { key: "visitors_per_day", zh: "日均", en: "per day" },
  { key: "peak_date", zh: "峰值日", en: "peak day" },
  { key: "peak_visitors", zh: "单日峰值", en: "peak visitors" },
  { key: "revenue_fen", zh: "营业额(分)", en: "revenue fen", machine: true },
  { key: "revenue_cny", zh: "营业额(元)", en: "revenue CNY" },
  { key: "complete", zh: "数据完整", en: "complete" },
  { key: "visitors_pct", zh: "游客同比%", en: "visitors %" },
  { key: "visitors_per_day_pct", zh: "日均同比%", en: "per day %" },
  { key: "peak_day_visitors_pct", zh: "峰值同比%", en: "peak %" },
  { key: "revenue_pct", zh: "营业额同比%", en: "revenue %" },
  { key: "revenue_withheld", zh: "营业额不公开", en: "revenue withheld", csvOnly: true },
  { key: "no_data_reason", zh: "无数据原因", en: "no data", csvOnly: true },
];

const noChange: PeriodChange = { visitors_pct: null, revenue_pct: null, visitors_per_day_pct: null, peak_day_visitors_pct: null };

/** `against`: the figures the change compares with; a change involving withheld revenue is withheld too. */
function periodRow(row: string, id: string, figures: PeriodFigures, change: PeriodChange, against: PeriodFigures | null = null): Record<string, Cell> {
  const period = { row, id, start: figures.start, end: figures.end, days: figures.days };
  if (figures.no_data_reason !== null) {
    const unknown = { visitors: noData, visitors_per_day: noData, peak_visitors: noData, revenue_fen: noData, revenue_cny: noData };
    return { ...period, peak_date: null, ...unknown, complete: false, no_data_reason: figures.no_data_reason };
  }
  return {
    ...period,
    visitors: figures.visitors,
    visitors_per_day: figures.visitors_per_day,
    peak_date: figures.peak_day?.date ?? null,
    peak_visitors: figures.peak_day?.visitors ?? null,
    revenue_fen: revenueCell(figures.revenue_fen, figures.revenue_withheld),
    revenue_cny: revenueCell(figures.revenue_cny, figures.revenue_withheld),
    complete: figures.complete,
    visitors_pct: pct(change.visitors_pct),
    visitors_per_day_pct: pct(change.visitors_per_day_pct),
    peak_day_visitors_pct: pct(change.peak_day_visitors_pct),
    revenue_pct: revenueCell(pct(change.revenue_pct), figures.revenue_withheld || against?.revenue_withheld === true),
    revenue_withheld: figures.revenue_withheld,
    no_data_reason: null,
  };
}

/** Holiday and festival reports: this year (with its changes), last year, the baseline, then the breakdown. */
export function comparisonView(report: HolidayReport | FestivalReport): Tabular {
  const scopeId = report.scope.id ?? "alliance";
  const what = report.report === "holiday" ? `${report.name_zh} ${report.holiday} ${report.year}` : `${report.name_zh} ${report.name_en} ${report.year}`;
  const rows = [periodRow(`${report.year}`, scopeId, report.current, report.yoy, report.previous)];
  if (report.previous) rows.push(periodRow(`${report.year - 1}`, scopeId, report.previous, noChange));
  if (report.baseline) rows.push(periodRow(`vs ${report.baseline.year}`, scopeId, report.baseline, report.baseline.change, report.current));
  for (const part of report.breakdown ?? []) {
    rows.push(periodRow(`${report.year}`, part.id, part.current, part.yoy, part.previous));
    if (part.previous) rows.push(periodRow(`${report.year - 1}`, part.id, part.previous, noChange));
  }
  const notes: string[] = [];
  if (report.report === "festival") {
    notes.push(`单日峰值同比 Single-day peak year on year: ${pct(report.yoy.peak_day_visitors_pct) ?? "—"}%`);
  }
  if (!report.previous) notes.push(`无上年同期 No period a year earlier: year-on-year figures not stated.`);
  else if (!report.comparable) {
    notes.push(
      `两期天数不同（${report.current.days} 天 vs ${report.previous.days} 天），按可比口径以日均为准。` +
        ` The periods differ in length (${report.current.days} vs ${report.previous.days} days): the per-day figures are the fair comparison.`,
    );
  }
  for (const [label, figures] of [
    [`${report.year}`, report.current],
    [`${report.year - 1}`, report.previous],
    [`baseline`, report.baseline],
  ] as const) {
    if (figures?.no_data_reason) notes.push(`无数据 No data (${label}): no events on any day from ${figures.start} to ${figures.end}; not 0.`);
    else if (figures && !figures.complete) {
      notes.push(`数据不完整 Incomplete data (${label}): no data on ${figures.missing_dates.join(", ")}; percentages not stated.`);
    }
  }
  const figures = [report.current, report.previous, report.baseline, ...(report.breakdown ?? []).flatMap((p) => [p.current, p.previous])];
  notes.push(...revenueNote(figures.map((f) => f?.revenue_withheld_reason ?? null)));
  return { title: `${what} — ${scopeTitle(report.scope)}`, columns, rows, notes };
}
