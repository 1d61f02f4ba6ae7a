import type { FestivalReport } from "../reports/festival.ts";
import type { HolidayReport } from "../reports/holiday.ts";
import type { PeriodChange, PeriodFigures, Recovery } from "../reports/period-figures.ts";
import { type Cell, type Column, noData, type Tabular } from "./tabular.ts";
import { pct, revenueCell, revenueNote, scopeTitle } from "./labels.ts";

const columns: Column[] = [
  { key: "row", zh: "行", en: "row" },
  { key: "id", zh: "范围", en: "scope" },
  { key: "rank", zh: "排名", en: "rank" },
  { key: "town", zh: "镇", en: "town" },
  { key: "start", zh: "开始", en: "start" },
  { key: "end", zh: "结束", en: "end" },
  { key: "days", zh: "天数", en: "days" },
  { key: "visitors", zh: "游客", en: "visitors" },
  { key: "visitors_per_day", zh: "日均", en: "per day" },
  { key: "peak_date", zh: "峰值日", en: "peak day" },
  { key: "peak_visitors", zh: "单日峰值", en: "peak visitors" },
  { key: "revenue_fen", zh: "营业额(分)", en: "revenue fen" },
  { key: "revenue_cny", zh: "营业额(元)", en: "revenue CNY" },
  { key: "complete", zh: "数据完整", en: "complete" },
  { key: "visitors_pct", zh: "游客同比%(可比口径)", en: "visitors % (comparable)" },
  { key: "revenue_pct", zh: "营业额同比%(可比口径)", en: "revenue % (comparable)" },
  { key: "whole_visitors_pct", zh: "全期合计同比%", en: "whole period %" },
  { key: "visitors_per_day_pct", zh: "全期日均同比%", en: "per day %" },
  { key: "peak_day_visitors_pct", zh: "峰值同比%", en: "peak %" },
  { key: "recovery_pct", zh: "恢复率%", en: "recovery %" },
  { key: "revenue_withheld", zh: "营业额不公开", en: "revenue withheld", csvOnly: true },
  { key: "no_data_reason", zh: "无数据原因", en: "no data", csvOnly: true },
];

const noChange: PeriodChange = { visitors_pct: null, revenue_pct: null, visitors_per_day_pct: null, peak_day_visitors_pct: null };

/** A row's changes: the year on year on the comparable basis, the whole periods' (secondary) and the recovery against the baseline. */
interface RowChanges {
  yoy: PeriodChange;
  whole?: PeriodChange;
  recovery?: Recovery | null;
}

/** What a line adds to its row: its rank and town in a breakdown. */
type RowLabel = { row: string; id: string; rank?: number; town?: string | null };

/** `against`: the figures the change compares with; a change involving withheld revenue is withheld too. */
function periodRow(label: RowLabel, figures: PeriodFigures, changes: RowChanges, against: PeriodFigures | null = null): Record<string, Cell> {
  const period = { rank: null, town: null, ...label, start: figures.start, end: figures.end, days: figures.days };
  const whole = changes.whole ?? noChange;
  const change = changes.yoy;
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
    revenue_pct: revenueCell(pct(change.revenue_pct), figures.revenue_withheld || against?.revenue_withheld === true),
    whole_visitors_pct: pct(whole.visitors_pct),
    visitors_per_day_pct: pct(whole.visitors_per_day_pct),
    peak_day_visitors_pct: pct(whole.peak_day_visitors_pct),
    // A share of the baseline, not a change: no sign.
    recovery_pct: changes.recovery?.visitors_pct ?? null,
    revenue_withheld: figures.revenue_withheld,
    no_data_reason: null,
  };
}

const firstDaysEn = (days: number) => (days === 1 ? "the first day" : `the first ${days} days`);

/** Holiday and festival reports: this year (with its changes), last year, the baseline, then the breakdown. */
export function comparisonView(report: HolidayReport | FestivalReport): Tabular {
  const scopeId = report.scope.id ?? "alliance";
  const what = report.report === "holiday" ? `${report.name_zh} ${report.holiday} ${report.year}` : `${report.name_zh} ${report.name_en} ${report.year}`;
  const { basis } = report;
  const recovery = report.baseline?.recovery ?? null;
  const rows = [
    periodRow({ row: `${report.year}`, id: scopeId }, report.current, { yoy: report.yoy, whole: report.whole_period_yoy, recovery }, report.previous),
  ];
  if (report.previous) rows.push(periodRow({ row: `${report.year - 1}`, id: scopeId }, report.previous, { yoy: noChange }));
  // When the lengths differ, the days the year on year compares, as rows of their own.
  if (!report.comparable && report.previous && basis.current && basis.previous) {
    const compared = `前${basis.days}天 ${firstDaysEn(basis.days)}`;
    if (basis.current.days !== report.current.days) rows.push(periodRow({ row: `${report.year} ${compared}`, id: scopeId }, basis.current, { yoy: noChange }));
    if (basis.previous.days !== report.previous.days)
      rows.push(periodRow({ row: `${report.year - 1} ${compared}`, id: scopeId }, basis.previous, { yoy: noChange }));
  }
  if (report.baseline)
    rows.push(periodRow({ row: `vs ${report.baseline.year}`, id: scopeId }, report.baseline, { yoy: report.baseline.change, recovery }, report.current));
  for (const town of report.towns ?? []) {
    rows.push(
      periodRow({ row: `${report.year} 镇小计 town`, id: town.id, town: town.id }, town.current, { ...town, whole: town.whole_period_yoy }, town.previous),
    );
  }
  for (const part of report.breakdown ?? []) {
    const label = { id: part.id, rank: part.rank, town: part.town_id };
    rows.push(periodRow({ row: `${report.year}`, ...label }, part.current, { ...part, whole: part.whole_period_yoy }, part.previous));
    if (part.previous) rows.push(periodRow({ row: `${report.year - 1}`, ...label }, part.previous, { yoy: noChange }));
  }
  const notes: string[] = [];
  if (report.report === "festival") {
    notes.push(`单日峰值同比 Single-day peak year on year: ${pct(report.whole_period_yoy.peak_day_visitors_pct) ?? "—"}%`);
  }
  if (!report.previous) notes.push(`无上年同期 No period a year earlier: year-on-year figures not stated.`);
  else if (!report.comparable) {
    notes.push(
      `两期天数不同（${report.current.days} 天 vs ${report.previous.days} 天）：同比按可比口径比较两期前 ${basis.days} 天；全期合计与日均同比仅供参考。` +
        ` The periods differ in length (${report.current.days} vs ${report.previous.days} days): year on year compares ${firstDaysEn(basis.days)} of both (comparable basis); whole-period and per-day changes are for reference.`,
    );
  }
  if (basis.so_far) notes.push(`假期进行中：同比只比较已过的前 ${basis.days} 天。 Under way: year on year compares ${firstDaysEn(basis.days)} so far.`);
  if (report.baseline) {
    notes.push(
      `恢复率：本年为 ${report.baseline.year} 年同期的百分比（可比口径，前 ${report.baseline.recovery.days} 天）。 Recovery: this year as a percentage of ${report.baseline.year}'s same period (comparable basis, ${firstDaysEn(report.baseline.recovery.days)}).`,
    );
  }
  if (report.top !== null) notes.push(`按游客排名前 ${report.top} 位 Top ${report.top} by visitors.`);
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
