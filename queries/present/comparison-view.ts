import type { FestivalReport } from "../reports/festival.ts";
import type { HolidayReport } from "../reports/holiday.ts";
import type { PeriodChange, PeriodFigures, Recovery } from "../reports/period-figures.ts";
import { holidayName } from "./names.ts";
import { changeWords, column, nameOf, revenueCell, revenueNote, scopeTitle } from "./labels.ts";
import { type Cell, type Column, noData, type Tabular, type Words, words } from "./tabular.ts";

const columns: Column[] = [
  column("row", "text", "时段", "Period"),
  column("name", "name", "范围", "Scope"),
  column("id", "id", "编号", "ID"),
  column("start", "date", "开始", "Start"),
  column("end", "date", "结束", "End"),
  column("days", "count", "天数", "Days"),
  column("visitors", "count", "接待人次", "Visitors"),
  column("visitors_per_day", "average", "日均", "Per day"),
  column("peak_date", "date", "峰值日期", "Peak day"),
  column("peak_visitors", "count", "单日峰值", "Peak-day visitors"),
  column("revenue", "money", "营业额", "Revenue"),
  column("complete", "flag", "数据完整", "Complete"),
  column("visitors_pct", "change", "可比口径人次同比", "Visitors YoY, comparable"),
  column("visitors_per_day_pct", "change", "全期日均同比", "Per day YoY, whole period"),
  column("peak_day_visitors_pct", "change", "峰值同比", "Peak day YoY"),
  column("revenue_pct", "change", "可比口径营业额同比", "Revenue YoY, comparable"),
  column("whole_visitors_pct", "change", "全期合计同比", "Visitors YoY, whole period"),
  column("revenue_withheld", "flag", "营业额不公开", "Revenue withheld", true),
  column("no_data_reason", "text", "无数据原因", "No data", true),
];

const rankColumn = column("rank", "count", "排名", "Rank");
const townColumn = column("town", "name", "镇", "Town");
const recoveryColumn = column("recovery_pct", "percent", "恢复率", "Recovery");

/** The columns of a report: rank and town only with a breakdown, the recovery only against a baseline; after the figures every report has. */
function columnsOf(report: HolidayReport | FestivalReport): Column[] {
  return [
    ...columns.filter((c) => !c.fileOnly),
    ...(report.breakdown ? [rankColumn] : []),
    ...(report.towns ? [townColumn] : []),
    ...(report.baseline ? [recoveryColumn] : []),
    ...columns.filter((c) => c.fileOnly),
  ];
}

const noChange: PeriodChange = { visitors_pct: null, revenue_pct: null, visitors_per_day_pct: null, peak_day_visitors_pct: null };

/** A row's changes: the year on year on the comparable basis, the whole periods' (secondary) and the recovery against the baseline. */
interface RowChanges {
  yoy: PeriodChange;
  whole?: PeriodChange;
  recovery?: Recovery | null;
}

/** What a line adds to its row: its scope, and its rank and town in a breakdown. */
interface RowLabel {
  row: Cell;
  id: string;
  name: Words;
  rank?: number;
  town?: Words | null;
}

/** `against`: the figures the change compares with; a change involving withheld revenue is withheld too. */
function periodRow(label: RowLabel, figures: PeriodFigures, changes: RowChanges, against: PeriodFigures | null = null): Record<string, Cell> {
  const period = { rank: null, town: null, ...label, start: figures.start, end: figures.end, days: figures.days };
  const whole = changes.whole ?? noChange;
  const change = changes.yoy;
  if (figures.no_data_reason !== null) {
    const unknown = { visitors: noData, visitors_per_day: noData, peak_visitors: noData, revenue: noData };
    return { ...period, peak_date: null, ...unknown, complete: false, revenue_withheld: false, no_data_reason: figures.no_data_reason };
  }
  return {
    ...period,
    visitors: figures.visitors,
    visitors_per_day: figures.visitors_per_day,
    peak_date: figures.peak_day?.date ?? null,
    peak_visitors: figures.peak_day?.visitors ?? null,
    revenue: revenueCell(figures.revenue_fen, figures.revenue_withheld),
    complete: figures.complete,
    visitors_pct: change.visitors_pct,
    revenue_pct: revenueCell(change.revenue_pct, figures.revenue_withheld || against?.revenue_withheld === true),
    whole_visitors_pct: whole.visitors_pct,
    visitors_per_day_pct: whole.visitors_per_day_pct,
    peak_day_visitors_pct: whole.peak_day_visitors_pct,
    // A share of the baseline, not a change: no sign.
    recovery_pct: changes.recovery?.visitors_pct ?? null,
    revenue_withheld: figures.revenue_withheld,
    no_data_reason: null,
  };
}

const firstDaysEn = (days: number) => (days === 1 ? "the first day" : `the first ${days} days`);

/** Holiday and festival reports: this year (with its changes), last year, the compared days, the baseline, then the breakdown and its town subtotals. */
export function comparisonView(report: HolidayReport | FestivalReport): Tabular {
  const scope = { id: report.scope.id ?? "alliance", name: nameOf(report.scope) };
  const what =
    report.report === "holiday"
      ? words(`${report.year}年${report.name_zh}`, `${holidayName("en", report.holidays)} ${report.year}`)
      : words(`${report.year}年${report.name_zh}`, `${report.name_en} ${report.year}`);
  const [year, lastYear] = [`${report.year}`, `${report.year - 1}`];
  const { basis } = report;
  const recovery = report.baseline?.recovery ?? null;
  const rows = [periodRow({ row: year, ...scope }, report.current, { yoy: report.yoy, whole: report.whole_period_yoy, recovery }, report.previous)];
  if (report.previous) rows.push(periodRow({ row: lastYear, ...scope }, report.previous, { yoy: noChange }));
  // When the lengths differ, the days the year on year compares, as rows of their own.
  if (!report.comparable && report.previous && basis.current && basis.previous) {
    const compared = (y: string) => words(`${y} 前${basis.days}天`, `${y} ${firstDaysEn(basis.days)}`);
    if (basis.current.days !== report.current.days) rows.push(periodRow({ row: compared(year), ...scope }, basis.current, { yoy: noChange }));
    if (basis.previous.days !== report.previous.days) rows.push(periodRow({ row: compared(lastYear), ...scope }, basis.previous, { yoy: noChange }));
  }
  if (report.baseline) {
    const label = words(`基准 ${report.baseline.year}`, `Baseline ${report.baseline.year}`);
    rows.push(periodRow({ row: label, ...scope }, report.baseline, { yoy: report.baseline.change, recovery }, report.current));
  }
  const townName = (id: string | null) => {
    const found = report.towns?.find((t) => t.id === id);
    return found ? nameOf(found) : null;
  };
  for (const part of report.breakdown ?? []) {
    const label = { id: part.id, name: nameOf(part), rank: part.rank, town: townName(part.town_id) };
    rows.push(periodRow({ row: year, ...label }, part.current, { ...part, whole: part.whole_period_yoy }, part.previous));
    if (part.previous) rows.push(periodRow({ row: lastYear, ...label }, part.previous, { yoy: noChange }));
  }
  const townRow = words(`${year} 镇小计`, `${year} town subtotal`);
  for (const town of report.towns ?? []) {
    const label = { row: townRow, id: town.id, name: nameOf(town), town: nameOf(town) };
    rows.push(periodRow(label, town.current, { ...town, whole: town.whole_period_yoy }, town.previous));
  }
  const notes: Words[] = [];
  if (report.report === "festival") {
    const peak = changeWords(report.whole_period_yoy.peak_day_visitors_pct);
    notes.push(words(`单日峰值同比 ${peak}`, `Single-day peak year on year: ${peak}`));
  }
  if (!report.previous) notes.push(words("无上年同期：不作同比。", "No period a year earlier: year-on-year figures not stated."));
  else if (!report.comparable) {
    const [a, b] = [report.current.days, report.previous.days];
    notes.push(
      words(
        `两期天数不同（${a} 天 / ${b} 天）：同比按可比口径比较两期前 ${basis.days} 天；全期合计与日均同比仅供参考。`,
        `The periods differ in length (${a} vs ${b} days): year on year compares ${firstDaysEn(basis.days)} of both (comparable basis); whole-period and per-day changes are for reference.`,
      ),
    );
  }
  if (basis.so_far)
    notes.push(words(`假期进行中：同比只比较已过的前 ${basis.days} 天。`, `Under way: year on year compares ${firstDaysEn(basis.days)} so far.`));
  if (report.baseline) {
    const { year: base, recovery: rec } = report.baseline;
    notes.push(
      words(
        `恢复率：本年为 ${base} 年同期的百分比（可比口径，前 ${rec.days} 天）。`,
        `Recovery: this year as a percentage of ${base}'s same period (comparable basis, ${firstDaysEn(rec.days)}).`,
      ),
    );
  }
  if (report.top !== null) notes.push(words(`按接待人次排名前 ${report.top} 位。`, `Top ${report.top} by visitors.`));
  for (const [label, figures] of [
    [words(year, year), report.current],
    [words(lastYear, lastYear), report.previous],
    [words("基准年", "baseline"), report.baseline],
  ] as const) {
    if (figures?.no_data_reason) {
      notes.push(
        words(
          `无数据（${label.zh}）：${figures.start} 至 ${figures.end} 每天都没有事件，不是 0。`,
          `No data (${label.en}): no events on any day from ${figures.start} to ${figures.end}; not 0.`,
        ),
      );
    } else if (figures && !figures.complete) {
      const dates = figures.missing_dates.join(", ");
      notes.push(
        words(`数据不完整（${label.zh}）：${dates} 无数据，不作同比。`, `Incomplete data (${label.en}): no data on ${dates}; percentages not stated.`),
      );
    }
  }
  const figures = [report.current, report.previous, report.baseline, ...(report.breakdown ?? []).flatMap((p) => [p.current, p.previous])];
  notes.push(...revenueNote(figures.map((f) => f?.revenue_withheld_reason ?? null)));
  const title = scopeTitle(report.scope);
  return { title: words(`${what.zh} — ${title.zh}`, `${what.en} — ${title.en}`), columns: columnsOf(report), rows, notes };
}
