import { fenToYuan } from "../../ingest/contracts/money.ts";
import type { TrendReport } from "../reports/trend.ts";
import { pct, revenueCell, revenueNote, scopeTitle } from "./labels.ts";
import { type Column, noData, type Tabular } from "./tabular.ts";

const columns: Column[] = [
  { key: "period", zh: "期间", en: "period" },
  { key: "visitors", zh: "游客", en: "visitors" },
  { key: "prev_visitors", zh: "上年游客", en: "prev visitors" },
  { key: "visitors_yoy_pct", zh: "游客同比%", en: "visitors %" },
  { key: "revenue_cny", zh: "营业额(元)", en: "revenue CNY" },
  { key: "prev_revenue_cny", zh: "上年营业额(元)", en: "prev revenue CNY" },
  { key: "revenue_yoy_pct", zh: "营业额同比%", en: "revenue %" },
  { key: "prev_span", zh: "对比日期", en: "compared with" },
  { key: "holidays", zh: "节假日", en: "holidays" },
  { key: "prev_holidays", zh: "上年节假日", en: "prev holidays" },
  { key: "complete", zh: "数据完整", en: "complete" },
  { key: "to_date", zh: "未结束，计至", en: "to date, up to" },
  { key: "revenue_withheld", zh: "营业额不公开", en: "revenue withheld", csvOnly: true },
  { key: "prev_revenue_withheld", zh: "上年营业额不公开", en: "prev revenue withheld", csvOnly: true },
  { key: "no_data_reason", zh: "无数据原因", en: "no data", csvOnly: true },
  { key: "prev_no_data_reason", zh: "上年无数据原因", en: "prev no data", csvOnly: true },
];

export function trendView(report: TrendReport): Tabular {
  const rows = report.rows.map((row) => ({
    period: row.period,
    to_date: row.partial ? (row.counted_end ?? "未开始 not begun") : null,
    visitors: row.no_data_reason ? noData : row.visitors,
    prev_visitors: row.prev_no_data_reason ? noData : row.prev_visitors,
    visitors_yoy_pct: pct(row.visitors_yoy_pct),
    revenue_cny: row.no_data_reason ? noData : revenueCell(row.revenue_cny, row.revenue_withheld),
    prev_revenue_cny: row.prev_no_data_reason
      ? noData
      : revenueCell(row.prev_revenue_fen === null ? null : fenToYuan(row.prev_revenue_fen), row.prev_revenue_withheld),
    revenue_yoy_pct: revenueCell(pct(row.revenue_yoy_pct), row.revenue_withheld || row.prev_revenue_withheld),
    prev_span: row.prev_start === null ? null : row.prev_start === row.prev_end ? row.prev_start : `${row.prev_start}..${row.prev_end}`,
    holidays: row.holidays.join(" ") || null,
    prev_holidays: row.prev_holidays.join(" ") || null,
    complete: row.complete,
    revenue_withheld: row.revenue_withheld,
    prev_revenue_withheld: row.prev_revenue_withheld,
    no_data_reason: row.no_data_reason,
    prev_no_data_reason: row.prev_no_data_reason,
  }));
  const align = report.align === "date" ? "同日期 same calendar dates a year earlier" : "同星期 same weekday, 364 days earlier";
  const notes = [`对比 Compared with: ${align}.`];
  if (report.rows.some((row) => row.no_data_reason || row.prev_no_data_reason)) {
    notes.push("无数据 No data: not one event on any day of that span (or of the span compared with); not 0.");
  }
  if (report.rows.some((row) => row.partial)) {
    notes.push(
      "未结束的时段（计至列）只计到今天，并与上年同期的相同日期比较。 A span not over yet (to date) counts its days up to today, against the same days a year earlier.",
    );
  }
  if (!report.complete) notes.push("数据不完整 Some rows lack data on some days (complete = NO): their percentages are not stated.");
  notes.push(...revenueNote(report.rows.flatMap((row) => [row.revenue_withheld_reason, row.prev_revenue_withheld_reason])));
  return { title: `趋势 Trend ${report.from}..${report.to} (${report.granularity}) — ${scopeTitle(report.scope)}`, columns, rows, notes };
}
