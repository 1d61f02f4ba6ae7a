import { type Breakdown, type Scope, parseScopeKey, scopeKey, scopeName, scopeQuery } from "../access.ts";
import { apiGet } from "../api.ts";
import { chartPanel } from "../chart.ts";
import { comparisonOption } from "../charts/comparison.ts";
import { perDayOption } from "../charts/per-day.ts";
import type { ViewContext } from "../context.ts";
import { h, select } from "../dom.ts";
import { fenToYuanNumber } from "../format.ts";
import { holidayHeadline } from "../headline.ts";
import { holidayName } from "../i18n.ts";
import { loadInto } from "../load.ts";
import { type HolidayReport, holidayReportSchema, type PeriodFigures, trendReportSchema } from "../schemas.ts";
import { tablePanel } from "../table.ts";
import { figureCell, revenueCell, withheldNote } from "../withheld.ts";
import { scopeOptions } from "./scope-options.ts";

/** The selections survive language switches and view changes within the session. */
const state = { holiday: "", year: 0, scope: "alliance", by: "none" as Breakdown };

/** Defaults: the latest holiday that has already begun. */
function defaults(ctx: ViewContext): void {
  if (state.holiday !== "" && ctx.holidays.some((p) => p.key === state.holiday && p.year === state.year)) return;
  const today = new Date().toISOString().slice(0, 10);
  const started = ctx.holidays.filter((p) => p.start <= today).sort((a, b) => a.start.localeCompare(b.start));
  const latest = started[started.length - 1] ?? ctx.holidays[0];
  state.holiday = latest?.key ?? "qingming";
  state.year = latest?.year ?? new Date().getFullYear();
}

export function holidayView(ctx: ViewContext): HTMLElement {
  defaults(ctx);
  const { t, locale } = ctx;
  const results = h("div", { class: "results", "data-results": "holiday" });
  const keys = [...new Set(ctx.holidays.map((p) => p.key))];
  const years = ctx.holidays.filter((p) => p.key === state.holiday).map((p) => p.year);
  const scope = parseScopeKey(state.scope, ctx.access.scopes);
  const breakdowns = ctx.access.breakdowns(scope);
  if (!breakdowns.includes(state.by)) state.by = "none";
  const rerender = ctx.refresh;
  const root = h(
    "div",
    { class: "view", "data-view": "holiday" },
    h(
      "form",
      { class: "controls", onsubmit: (event: Event) => event.preventDefault() },
      select(
        "holiday",
        t("holiday"),
        keys.map((key) => ({ value: key, label: holidayName(locale, [key]) })),
        state.holiday,
        (value) => {
          state.holiday = value;
          const available = ctx.holidays.filter((p) => p.key === value).map((p) => p.year);
          if (!available.includes(state.year)) state.year = available[available.length - 1] ?? state.year;
          rerender();
        },
      ),
      select(
        "year",
        t("year"),
        years.map((year) => ({ value: String(year), label: String(year) })),
        String(state.year),
        (value) => {
          state.year = Number(value);
          rerender();
        },
      ),
      select("scope", t("scope"), scopeOptions(ctx), scopeKey(scope), (value) => {
        state.scope = value;
        rerender();
      }),
      select(
        "by",
        t("by"),
        breakdowns.map((by) => ({ value: by, label: t(by === "none" ? "byNone" : by === "site" ? "bySite" : "byOperator") })),
        state.by,
        (value) => {
          state.by = value as Breakdown;
          rerender();
        },
      ),
    ),
    results,
  );
  void loadInto(results, t, ctx.signal, async () => {
    const query = { holiday: state.holiday, year: state.year, ...scopeQuery(scope), by: state.by === "none" ? undefined : state.by };
    const report = await apiGet(ctx.token, "/api/reports/holiday", query, holidayReportSchema);
    const label = report.scope;
    const name = label.kind !== "alliance" ? (locale === "zh" ? label.name_zh : label.name_en) : scopeName(scope, ctx.register, locale, t("alliance"));
    const perDay = report.comparable ? [] : [await perDayPanel(ctx, report, scope)];
    return [...holidayPanels(ctx, report, name), ...perDay];
  });
  return root;
}

function holidayPanels(ctx: ViewContext, report: HolidayReport, name: string): HTMLElement[] {
  const { t, locale } = ctx;
  const { current, previous } = report;
  const years = { current: String(report.year), previous: String(report.year - 1) };
  const headline = holidayHeadline(locale, {
    holidays: report.holidays,
    year: report.year,
    scopeName: name,
    visitors: current.visitors,
    visitorsPct: report.yoy.visitors_pct,
  });
  const hasRevenue = !current.revenue_withheld;
  const visitorsChart = comparisonOption({
    categories: [t("visitors"), t("visitorsPerDay"), t("peakDay")],
    current: [current.visitors, current.visitors_per_day, current.peak_day?.visitors ?? null],
    previous: [previous?.visitors ?? null, previous?.visitors_per_day ?? null, previous?.peak_day?.visitors ?? null],
    yoy: [report.yoy.visitors_pct, report.yoy.visitors_per_day_pct, report.yoy.peak_day_visitors_pct],
    labels: { ...years, yoy: t("yoyPct"), value: t("visitorsUnit") },
  });
  const revenueChart = comparisonOption({
    categories: [t("revenue")],
    current: [fenToYuanNumber(current.revenue_fen)],
    previous: [fenToYuanNumber(previous?.revenue_fen)],
    yoy: [report.yoy.revenue_pct],
    labels: { ...years, yoy: t("yoyPct"), value: t("yuan") },
  });
  const periodRow = (label: string, p: PeriodFigures) => [
    label,
    p.start,
    p.end,
    p.days,
    figureCell(ctx, p.visitors, p),
    figureCell(ctx, p.visitors_per_day, p),
    p.peak_day?.date,
    figureCell(ctx, p.peak_day?.visitors, p),
    p.no_data_reason ? figureCell(ctx, null, p) : revenueCell(ctx, p.revenue_fen, p.revenue_withheld),
  ];
  const summaryRows = [periodRow(years.current, current)];
  if (previous) summaryRows.push(periodRow(years.previous, previous));
  if (report.baseline) summaryRows.push(periodRow(`${t("baseline")} ${report.baseline.year}`, report.baseline));
  const missing = [...current.missing_dates, ...(previous?.missing_dates ?? [])];
  return [
    h("h2", { class: "headline", "data-headline": "" }, headline),
    report.comparable || !previous ? null : h("p", { class: "note", "data-note": "not-comparable" }, t("notComparable", { a: current.days, b: previous.days })),
    missing.length > 0 ? h("p", { class: "note", "data-note": "incomplete" }, t("incomplete", { dates: missing.join(", ") })) : null,
    withheldNote(ctx, report.revenue_withheld),
    h(
      "div",
      { class: "row" },
      chartPanel("holiday-visitors", t("visitors"), visitorsChart),
      hasRevenue ? chartPanel("holiday-revenue", t("revenue"), revenueChart) : null,
    ),
    tablePanel(
      {
        name: `holiday-${report.holiday}-${report.year}`,
        title: t("summary"),
        columns: [
          { label: t("period"), kind: "text" },
          { label: t("start"), kind: "text" },
          { label: t("end"), kind: "text" },
          { label: t("days"), kind: "count" },
          { label: t("visitors"), kind: "count" },
          { label: t("visitorsPerDay"), kind: "decimal" },
          { label: t("peakDate"), kind: "text" },
          { label: t("peakDay"), kind: "count" },
          { label: t("revenue"), kind: "fen" },
        ],
        rows: summaryRows,
      },
      t("downloadCsv"),
    ),
    tablePanel(
      {
        name: `holiday-${report.holiday}-${report.year}-yoy`,
        title: t("yoyPct"),
        columns: [
          { label: t("visitors"), kind: "pct" },
          { label: t("visitorsPerDay"), kind: "pct" },
          { label: t("peakDay"), kind: "pct" },
          { label: t("revenue"), kind: "pct" },
        ],
        rows: [
          [
            report.yoy.visitors_pct,
            report.yoy.visitors_per_day_pct,
            report.yoy.peak_day_visitors_pct,
            revenueCell(ctx, report.yoy.revenue_pct, current.revenue_withheld, previous?.revenue_withheld),
          ],
        ],
      },
      t("downloadCsv"),
    ),
    ...(report.breakdown ? [breakdownPanel(ctx, report)] : []),
  ].filter((node): node is HTMLElement => node !== null);
}

function breakdownPanel(ctx: ViewContext, report: HolidayReport): HTMLElement {
  const { t, locale } = ctx;
  const rows = (report.breakdown ?? []).map((row) => [
    locale === "zh" ? row.name_zh : row.name_en,
    figureCell(ctx, row.current.visitors, row.current),
    figureCell(ctx, row.previous?.visitors, row.previous),
    row.yoy.visitors_pct,
    row.current.no_data_reason ? figureCell(ctx, null, row.current) : revenueCell(ctx, row.current.revenue_fen, row.current.revenue_withheld),
    row.previous?.no_data_reason ? figureCell(ctx, null, row.previous) : revenueCell(ctx, row.previous?.revenue_fen, row.previous?.revenue_withheld),
    revenueCell(ctx, row.yoy.revenue_pct, row.current.revenue_withheld, row.previous?.revenue_withheld),
  ]);
  return tablePanel(
    {
      name: `holiday-${report.holiday}-${report.year}-by-${state.by}`,
      title: `${t("breakdown")} · ${t(state.by === "operator" ? "byOperator" : "bySite")}`,
      columns: [
        { label: t("name"), kind: "text" },
        { label: `${t("visitors")} ${report.year}`, kind: "count" },
        { label: `${t("visitors")} ${report.year - 1}`, kind: "count" },
        { label: t("yoyPct"), kind: "pct" },
        { label: `${t("revenue")} ${report.year}`, kind: "fen" },
        { label: `${t("revenue")} ${report.year - 1}`, kind: "fen" },
        { label: t("yoyPct"), kind: "pct" },
      ],
      rows,
    },
    t("downloadCsv"),
  );
}

/** Day-by-day visitors of both periods, from the trend report over each period's own dates (each run of a merged period). */
async function perDayPanel(ctx: ViewContext, report: HolidayReport, scope: Scope): Promise<HTMLElement> {
  const daysOf = async (p: PeriodFigures) => {
    const runs = p.parts;
    const answers = await Promise.all(
      runs.map((run) =>
        apiGet(ctx.token, "/api/reports/trend", { from: run.start, to: run.end, granularity: "day", align: "date", ...scopeQuery(scope) }, trendReportSchema),
      ),
    );
    return answers.flatMap((trend) => trend.rows.map((row) => ({ date: row.period, visitors: row.visitors })));
  };
  const [current, previous] = await Promise.all([daysOf(report.current), report.previous ? daysOf(report.previous) : []]);
  const option = perDayOption(current, previous, {
    current: String(report.year),
    previous: String(report.year - 1),
    day: (n) => ctx.t("dayN", { n }),
    value: ctx.t("visitorsUnit"),
  });
  return chartPanel("holiday-per-day", ctx.t("perDayComparison"), option);
}
