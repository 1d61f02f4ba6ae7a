import type { TrendReport } from "../reports/trend.ts";
import { holidayWords } from "./names.ts";
import { column, revenueCell, revenueNote, scopeTitle } from "./labels.ts";
import { type Column, noData, type Tabular, type Words, words } from "./tabular.ts";

const columns: Column[] = [
  column("period", "text", "期间", "Period"),
  column("visitors", "count", "接待人次", "Visitors"),
  column("prev_visitors", "count", "上年人次", "Visitors a year earlier"),
  column("visitors_yoy_pct", "change", "人次同比", "Visitors YoY"),
  column("revenue", "money", "营业额", "Revenue"),
  column("prev_revenue", "money", "上年营业额", "Revenue a year earlier"),
  column("revenue_yoy_pct", "change", "营业额同比", "Revenue YoY"),
  column("prev_span", "text", "对比日期", "Compared with"),
  column("holidays", "name", "节假日", "Holidays"),
  column("prev_holidays", "name", "上年节假日", "Holidays a year earlier"),
  column("complete", "flag", "数据完整", "Complete"),
  column("to_date", "date", "未结束，计至", "To date, up to"),
  column("revenue_withheld", "flag", "营业额不公开", "Revenue withheld", true),
  column("prev_revenue_withheld", "flag", "上年营业额不公开", "Revenue a year earlier withheld", true),
  column("no_data_reason", "text", "无数据原因", "No data", true),
  column("prev_no_data_reason", "text", "上年无数据原因", "No data a year earlier", true),
];

const granularity = { day: words("按日", "daily"), week: words("按周", "weekly"), month: words("按月", "monthly") } as const;

export function trendView(report: TrendReport): Tabular {
  const rows = report.rows.map((row) => ({
    period: row.period,
    to_date: row.partial ? (row.counted_end ?? words("未开始", "not begun")) : null,
    visitors: row.no_data_reason ? noData : row.visitors,
    prev_visitors: row.prev_no_data_reason ? noData : row.prev_visitors,
    visitors_yoy_pct: row.visitors_yoy_pct,
    revenue: row.no_data_reason ? noData : revenueCell(row.revenue_fen, row.revenue_withheld),
    prev_revenue: row.prev_no_data_reason ? noData : revenueCell(row.prev_revenue_fen, row.prev_revenue_withheld),
    revenue_yoy_pct: revenueCell(row.revenue_yoy_pct, row.revenue_withheld || row.prev_revenue_withheld),
    prev_span: row.prev_start === null ? null : row.prev_start === row.prev_end ? row.prev_start : `${row.prev_start}..${row.prev_end}`,
    holidays: holidayWords(row.holidays),
    prev_holidays: holidayWords(row.prev_holidays),
    complete: row.complete,
    revenue_withheld: row.revenue_withheld,
    prev_revenue_withheld: row.prev_revenue_withheld,
    no_data_reason: row.no_data_reason,
    prev_no_data_reason: row.prev_no_data_reason,
  }));
  const align =
    report.align === "date"
      ? words("上年同日期", "the same calendar dates a year earlier")
      : words("上年同星期（364 天前）", "the same weekday, 364 days earlier");
  const notes: Words[] = [words(`对比：${align.zh}。`, `Compared with ${align.en}.`)];
  if (report.rows.some((row) => row.no_data_reason || row.prev_no_data_reason)) {
    notes.push(
      words("无数据：该期间（或对比期间）每天都没有事件，不是 0。", "No data: not one event on any day of that span (or of the span compared with); not 0."),
    );
  }
  if (!report.complete) {
    notes.push(
      words(
        "数据不完整：部分期间有的日子无数据（数据完整 = 否），不作同比。",
        "Some rows lack data on some days (complete = no): their percentages are not stated.",
      ),
    );
  }
  if (report.rows.some((row) => row.partial)) {
    notes.push(
      words(
        "未结束的时段（计至列）只计到今天，并与上年同期的相同日期比较。",
        "A span not over yet (to date) counts its days up to today, against the same days a year earlier.",
      ),
    );
  }
  notes.push(...revenueNote(report.rows.flatMap((row) => [row.revenue_withheld_reason, row.prev_revenue_withheld_reason])));
  const title = scopeTitle(report.scope);
  const g = granularity[report.granularity];
  return {
    title: words(`趋势 ${report.from}..${report.to}（${g.zh}）— ${title.zh}`, `Trend ${report.from}..${report.to} (${g.en}) — ${title.en}`),
    columns,
    rows,
    notes,
  };
}
