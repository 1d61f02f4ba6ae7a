import type { Scope } from "../access.ts";
import { scopeQuery } from "../access.ts";
import { apiGet } from "../api.ts";
import { chartPanel } from "../chart.ts";
import { holidayMarks, trendOption } from "../charts/trend.ts";
import type { ViewContext } from "../context.ts";
import { h } from "../dom.ts";
import { xlsxButton } from "../download.ts";
import { fenToYuanNumber } from "../format.ts";
import { holidayName } from "../i18n.ts";
import { trendReportSchema } from "../schemas.ts";
import { trendView } from "../../../present/trend-view.ts";
import { presentPanel } from "../present-table.ts";
import { withheldNote } from "../withheld.ts";

export type Granularity = "day" | "week" | "month";
export type Metric = "visitors" | "revenue";

export interface TrendRequest {
  from: string;
  to: string;
  granularity: Granularity;
  align: "date" | "weekday";
  scope: Scope;
  metric: Metric;
  /** data-chart / data-table hook and CSV name stem. */
  name: string;
}

/** A trend chart (this year, last year overlaid, holidays shaded) and its table; shared by the trend and operator views. */
export async function trendPanels(ctx: ViewContext, request: TrendRequest): Promise<HTMLElement[]> {
  const { t, locale } = ctx;
  const { from, to, granularity, align } = request;
  const query = { from, to, granularity, align, ...scopeQuery(request.scope) };
  const report = await apiGet(ctx.token, "/api/reports/trend", query, trendReportSchema);
  if (report.rows.length === 0) return [h("p", { class: "note" }, t("noData"))];
  const periods = report.rows.map((row) => row.period);
  const holidays = ctx.holidays.map((p) => ({ name: holidayName(locale, [p.key]), start: p.start, end: p.end }));
  // Withheld rows and rows without any data are null (gaps in the line, never 0); the note and the table say why.
  const revenue = request.metric === "revenue";
  // A span not over yet (a month to date) is left out of both lines: it is no month, whatever it compares with; the table shows it.
  const whole = (row: (typeof report.rows)[number], value: number | null) => (row.partial ? null : value);
  const option = trendOption({
    periods,
    current: report.rows.map((row) => whole(row, revenue ? fenToYuanNumber(row.revenue_fen) : row.visitors)),
    previous: report.rows.map((row) => whole(row, revenue ? fenToYuanNumber(row.prev_revenue_fen) : row.prev_visitors)),
    marks: holidayMarks(periods, holidays, granularity),
    labels: { current: t("thisYear"), previous: t("lastYear"), value: revenue ? t("yuan") : t("visitorsUnit"), holiday: t("holidayMarked") },
    locale,
    measure: revenue ? "yuan" : "people",
  });
  const stem = `${request.name}-${from}-${to}-${granularity}`;
  return [
    withheldNote(ctx, report.revenue_withheld),
    chartPanel(request.name, revenue ? t("revenueTrend") : t("visitorsTrend"), option, 360),
    presentPanel(ctx, trendView(report), stem, xlsxButton(ctx, "/api/reports/trend", query, stem)),
  ].filter((node): node is HTMLElement => node !== null);
}
