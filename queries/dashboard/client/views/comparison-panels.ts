import { type Breakdown, type Scope, scopeQuery } from "../access.ts";
import { apiGet } from "../api.ts";
import { chartPanel } from "../chart.ts";
import { comparisonOption } from "../charts/comparison.ts";
import { perDayOption } from "../charts/per-day.ts";
import type { ViewContext } from "../context.ts";
import { h, select } from "../dom.ts";
import { fenToYuanNumber } from "../format.ts";
import { type Comparison, type PeriodFigures, trendReportSchema } from "../schemas.ts";
import { tablePanel } from "../table.ts";
import { figureCell, revenueCell, withheldNote } from "../withheld.ts";

/** The breakdown picker both comparison views offer: none, by site or by operator, as the role may. */
export function breakdownSelect(ctx: ViewContext, offered: readonly Breakdown[], current: Breakdown, onChange: (by: Breakdown) => void): HTMLElement {
  const { t } = ctx;
  const label = (by: Breakdown) => t(by === "none" ? "byNone" : by === "site" ? "bySite" : "byOperator");
  return select(
    "by",
    t("by"),
    offered.map((by) => ({ value: by, label: label(by) })),
    current,
    (value) => onChange(offered.find((by) => by === value) ?? "none"),
  );
}

/** A period against last year's, as the holiday and festival reports answer it. */
export interface ComparisonAnswer extends Comparison {
  year: number;
}

/** How one view names its panels: charts `<view>-visitors`…, tables `<stem>`, `<stem>-yoy`, `<stem>-by-<by>`. */
export interface ComparisonNames {
  view: "holiday" | "festival";
  stem: string;
  headline: string;
  by: Breakdown;
  /** The report's spreadsheet button, one per table. */
  xlsx: () => HTMLElement;
}

/**
 * Headline, notes, charts and tables of a comparison; when the periods differ in length, the
 * day-by-day chart of `perDayScope` (null where the trend report cannot read the same sites).
 */
export async function comparisonPanels(ctx: ViewContext, report: ComparisonAnswer, names: ComparisonNames, perDayScope: Scope | null): Promise<HTMLElement[]> {
  const perDay = report.comparable || perDayScope === null ? [] : [await perDayPanel(ctx, report, perDayScope, names.view)];
  return [...summaryPanels(ctx, report, names), ...perDay];
}

function summaryPanels(ctx: ViewContext, report: ComparisonAnswer, names: ComparisonNames): HTMLElement[] {
  const { t } = ctx;
  const { current, previous } = report;
  const years = { current: String(report.year), previous: String(report.year - 1) };
  // Bars and the year on year over the compared days (the comparable basis); per day and peak over the whole periods, labelled so.
  const compared = report.basis;
  const basisLabel = report.comparable ? "" : ` · ${t("comparableBasis", { days: compared.days })}`;
  const wholeLabel = report.comparable ? "" : ` · ${t("wholePeriod")}`;
  const hasRevenue = !current.revenue_withheld && compared.current?.revenue_withheld !== true;
  const visitorsChart = comparisonOption({
    categories: [`${t("visitors")}${basisLabel}`, `${t("visitorsPerDay")}${wholeLabel}`, `${t("peakDay")}${wholeLabel}`],
    current: [compared.current?.visitors ?? current.visitors, current.visitors_per_day, current.peak_day?.visitors ?? null],
    previous: [compared.previous?.visitors ?? null, previous?.visitors_per_day ?? null, previous?.peak_day?.visitors ?? null],
    yoy: [report.yoy.visitors_pct, report.whole_period_yoy.visitors_per_day_pct, report.whole_period_yoy.peak_day_visitors_pct],
    labels: { ...years, yoy: t("yoyPct"), value: t("visitorsUnit") },
  });
  const revenueChart = comparisonOption({
    categories: [`${t("revenue")}${basisLabel}`],
    current: [fenToYuanNumber(compared.current?.revenue_fen ?? current.revenue_fen)],
    previous: [fenToYuanNumber(compared.previous?.revenue_fen)],
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
  // The days the year on year compares, where they are fewer than a whole period.
  for (const [year, whole, days] of [
    [years.current, current, compared.current],
    [years.previous, previous, compared.previous],
  ] as const) {
    if (!report.comparable && whole && days && days.days !== whole.days) summaryRows.push(periodRow(`${year}${basisLabel}`, days));
  }
  if (report.baseline) summaryRows.push(periodRow(`${t("baseline")} ${report.baseline.year}`, report.baseline));
  const missing = [...current.missing_dates, ...(previous?.missing_dates ?? [])];
  return [
    h("h2", { class: "headline", "data-headline": "" }, names.headline),
    report.comparable || !previous
      ? null
      : h("p", { class: "note", "data-note": "not-comparable" }, t("notComparable", { a: current.days, b: previous.days, days: report.basis.days })),
    missing.length > 0 ? h("p", { class: "note", "data-note": "incomplete" }, t("incomplete", { dates: missing.join(", ") })) : null,
    withheldNote(ctx, report.revenue_withheld),
    h(
      "div",
      { class: "row" },
      chartPanel(`${names.view}-visitors`, t("visitors"), visitorsChart),
      hasRevenue ? chartPanel(`${names.view}-revenue`, t("revenue"), revenueChart) : null,
    ),
    tablePanel(
      {
        name: names.stem,
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
      names.xlsx(),
    ),
    tablePanel(
      {
        name: `${names.stem}-yoy`,
        title: t("yoyPct"),
        columns: [
          { label: `${t("visitors")} · ${t("comparableBasis", { days: report.basis.days })}`, kind: "pct" },
          { label: `${t("revenue")} · ${t("comparableBasis", { days: report.basis.days })}`, kind: "pct" },
          { label: `${t("visitors")} · ${t("wholePeriod")}`, kind: "pct" },
          { label: t("wholePerDay"), kind: "pct" },
          { label: t("peakDay"), kind: "pct" },
          ...(report.baseline ? [{ label: t("recoveryPct", { year: report.baseline.year }), kind: "pct" as const }] : []),
        ],
        rows: [
          [
            report.yoy.visitors_pct,
            revenueCell(ctx, report.yoy.revenue_pct, report.basis.current?.revenue_withheld, report.basis.previous?.revenue_withheld),
            report.whole_period_yoy.visitors_pct,
            report.whole_period_yoy.visitors_per_day_pct,
            report.whole_period_yoy.peak_day_visitors_pct,
            ...(report.baseline ? [report.baseline.recovery.visitors_pct] : []),
          ],
        ],
      },
      t("downloadCsv"),
      names.xlsx(),
    ),
    ...(report.towns ? [townsPanel(ctx, report, names)] : []),
    ...(report.breakdown ? [breakdownPanel(ctx, report, names)] : []),
  ].filter((node): node is HTMLElement => node !== null);
}

type Line = NonNullable<Comparison["towns"]>[number];

/** A breakdown row's or town subtotal's cells: visitors, revenue, their year on year, and the recovery when asked for. */
function lineCells(ctx: ViewContext, report: ComparisonAnswer, row: Line) {
  return [
    figureCell(ctx, row.current.visitors, row.current),
    figureCell(ctx, row.previous?.visitors, row.previous),
    row.yoy.visitors_pct,
    row.current.no_data_reason ? figureCell(ctx, null, row.current) : revenueCell(ctx, row.current.revenue_fen, row.current.revenue_withheld),
    row.previous?.no_data_reason ? figureCell(ctx, null, row.previous) : revenueCell(ctx, row.previous?.revenue_fen, row.previous?.revenue_withheld),
    revenueCell(ctx, row.yoy.revenue_pct, row.current.revenue_withheld, row.previous?.revenue_withheld),
    ...(report.baseline ? [row.recovery?.visitors_pct ?? null] : []),
  ];
}

function lineColumns(ctx: ViewContext, report: ComparisonAnswer) {
  const { t } = ctx;
  return [
    { label: `${t("visitors")} ${report.year}`, kind: "count" as const },
    { label: `${t("visitors")} ${report.year - 1}`, kind: "count" as const },
    { label: t("yoyPct"), kind: "pct" as const },
    { label: `${t("revenue")} ${report.year}`, kind: "fen" as const },
    { label: `${t("revenue")} ${report.year - 1}`, kind: "fen" as const },
    { label: t("yoyPct"), kind: "pct" as const },
    ...(report.baseline ? [{ label: t("recoveryPct", { year: report.baseline.year }), kind: "pct" as const }] : []),
  ];
}

/** Ranked by visitors; a by-site breakdown names each site's town. */
function breakdownPanel(ctx: ViewContext, report: ComparisonAnswer, names: ComparisonNames): HTMLElement {
  const { t, locale } = ctx;
  const townName = (id: string | null) => {
    const town = ctx.register.towns.find((x) => x.town_id === id);
    return town ? (locale === "zh" ? town.name_zh : town.name_en) : "";
  };
  const bySite = names.by === "site";
  const rows = (report.breakdown ?? []).map((row) => [
    row.rank,
    locale === "zh" ? row.name_zh : row.name_en,
    ...(bySite ? [townName(row.town_id)] : []),
    ...lineCells(ctx, report, row),
  ]);
  return tablePanel(
    {
      name: `${names.stem}-by-${names.by}`,
      title: `${t("breakdown")} · ${t(names.by === "operator" ? "byOperator" : "bySite")}`,
      columns: [
        { label: t("rank"), kind: "count" },
        { label: t("name"), kind: "text" },
        ...(bySite ? [{ label: t("town"), kind: "text" as const }] : []),
        ...lineColumns(ctx, report),
      ],
      rows,
    },
    t("downloadCsv"),
    names.xlsx(),
  );
}

/** A by-site breakdown's subtotal per town, ranked by visitors. */
function townsPanel(ctx: ViewContext, report: ComparisonAnswer, names: ComparisonNames): HTMLElement {
  const { t, locale } = ctx;
  const rows = (report.towns ?? []).map((row) => [locale === "zh" ? row.name_zh : row.name_en, ...lineCells(ctx, report, row)]);
  return tablePanel(
    { name: `${names.stem}-towns`, title: t("townSubtotal"), columns: [{ label: t("town"), kind: "text" }, ...lineColumns(ctx, report)], rows },
    t("downloadCsv"),
    names.xlsx(),
  );
}

/** Day-by-day visitors of both periods, from the trend report over each period's own dates (each run of a merged period). */
async function perDayPanel(ctx: ViewContext, report: ComparisonAnswer, scope: Scope, view: ComparisonNames["view"]): Promise<HTMLElement> {
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
  return chartPanel(`${view}-per-day`, ctx.t("perDayComparison", { days: report.basis.days }), option);
}
