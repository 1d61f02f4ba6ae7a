import type { FestivalReport } from "../reports/festival.ts";
import type { HolidayReport } from "../reports/holiday.ts";
import type { PeriodChange, PeriodFigures } from "../reports/period-figures.ts";
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
  column("visitors_pct", "change", "人次同比", "Visitors YoY"),
  column("visitors_per_day_pct", "change", "日均同比", "Per day YoY"),
  column("peak_day_visitors_pct", "change", "峰值同比", "Peak day YoY"),
  column("revenue_pct", "change", "营业额同比", "Revenue YoY"),
  column("revenue_withheld", "flag", "营业额不公开", "Revenue withheld", true),
  column("no_data_reason", "text", "无数据原因", "No data", true),
];

const noChange: PeriodChange = { visitors_pct: null, revenue_pct: null, visitors_per_day_pct: null, peak_day_visitors_pct: null };

interface Scoped {
  id: string;
  name: Words;
}

/** `against`: the figures the change compares with; a change involving withheld revenue is withheld too. */
function periodRow(row: Cell, scope: Scoped, figures: PeriodFigures, change: PeriodChange, against: PeriodFigures | null = null): Record<string, Cell> {
  const period = { row, name: scope.name, id: scope.id, start: figures.start, end: figures.end, days: figures.days };
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
    visitors_per_day_pct: change.visitors_per_day_pct,
    peak_day_visitors_pct: change.peak_day_visitors_pct,
    revenue_pct: revenueCell(change.revenue_pct, figures.revenue_withheld || against?.revenue_withheld === true),
    revenue_withheld: figures.revenue_withheld,
    no_data_reason: null,
  };
}

/** Holiday and festival reports: this year (with its changes), last year, the baseline, then the breakdown. */
export function comparisonView(report: HolidayReport | FestivalReport): Tabular {
  const scope = { id: report.scope.id ?? "alliance", name: nameOf(report.scope) };
  const what =
    report.report === "holiday"
      ? words(`${report.year}年${report.name_zh}`, `${holidayName("en", report.holidays)} ${report.year}`)
      : words(`${report.year}年${report.name_zh}`, `${report.name_en} ${report.year}`);
  const [year, lastYear] = [`${report.year}`, `${report.year - 1}`];
  const rows = [periodRow(year, scope, report.current, report.yoy, report.previous)];
  if (report.previous) rows.push(periodRow(lastYear, scope, report.previous, noChange));
  if (report.baseline) {
    const label = words(`基准 ${report.baseline.year}`, `Baseline ${report.baseline.year}`);
    rows.push(periodRow(label, scope, report.baseline, report.baseline.change, report.current));
  }
  for (const part of report.breakdown ?? []) {
    const partScope = { id: part.id, name: nameOf(part) };
    rows.push(periodRow(year, partScope, part.current, part.yoy, part.previous));
    if (part.previous) rows.push(periodRow(lastYear, partScope, part.previous, noChange));
  }
  const notes: Words[] = [];
  if (report.report === "festival") {
    const peak = changeWords(report.yoy.peak_day_visitors_pct);
    notes.push(words(`单日峰值同比 ${peak}`, `Single-day peak year on year: ${peak}`));
  }
  if (!report.previous) notes.push(words("无上年同期：不作同比。", "No period a year earlier: year-on-year figures not stated."));
  else if (!report.comparable) {
    const [a, b] = [report.current.days, report.previous.days];
    notes.push(
      words(
        `两期天数不同（${a} 天 / ${b} 天），按可比口径以日均为准。`,
        `The periods differ in length (${a} vs ${b} days): the per-day figures are the fair comparison.`,
      ),
    );
  }
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
  return { title: words(`${what.zh} — ${title.zh}`, `${what.en} — ${title.en}`), columns, rows, notes };
}
