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
import { tablePanel } from "../table.ts";
import { figureCell, revenueCell, withheldNote } from "../withheld.ts";

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
  });
  const stem = `${request.name}-${from}-${to}-${granularity}`;
  return [
    withheldNote(ctx, report.revenue_withheld),
    chartPanel(request.name, revenue ? t("revenueTrend") : t("visitorsTrend"), option, 360),
    tablePanel(
      {
        name: stem,
        title: `${t("period")} ${from} – ${to}`,
        columns: [
          { label: t("period"), kind: "text" },
          { label: `${t("visitors")} · ${t("thisYear")}`, kind: "count" },
          { label: `${t("visitors")} · ${t("lastYear")}`, kind: "count" },
          { label: t("yoyPct"), kind: "pct" },
          { label: `${t("revenue")} · ${t("thisYear")}`, kind: "fen" },
          { label: `${t("revenue")} · ${t("lastYear")}`, kind: "fen" },
          { label: t("yoyPct"), kind: "pct" },
          { label: t("holidayMarked"), kind: "text" },
          { label: t("partial"), kind: "text" },
        ],
        rows: report.rows.map((row) => {
          const prev = { no_data_reason: row.prev_no_data_reason };
          return [
            row.period,
            figureCell(ctx, row.visitors, row),
            figureCell(ctx, row.prev_visitors, prev),
            row.visitors_yoy_pct,
            row.no_data_reason ? figureCell(ctx, null, row) : revenueCell(ctx, row.revenue_fen, row.revenue_withheld),
            prev.no_data_reason ? figureCell(ctx, null, prev) : revenueCell(ctx, row.prev_revenue_fen, row.prev_revenue_withheld),
            revenueCell(ctx, row.revenue_yoy_pct, row.revenue_withheld, row.prev_revenue_withheld),
            row.holidays && row.holidays.length > 0 ? holidayName(locale, row.holidays) : "",
            row.partial ? t("toDate", { date: row.counted_end ?? "—" }) : "",
          ];
        }),
      },
      t("downloadCsv"),
      xlsxButton(ctx, "/api/reports/trend", query, stem),
    ),
  ].filter((node): node is HTMLElement => node !== null);
}
