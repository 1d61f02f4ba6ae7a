import { type Breakdown, type Scope, scopeQuery } from "../access.ts";
import { apiGet } from "../api.ts";
import { chartPanel } from "../chart.ts";
import { comparisonOption } from "../charts/comparison.ts";
import { perDayOption } from "../charts/per-day.ts";
import type { ViewContext } from "../context.ts";
import { h, select } from "../dom.ts";
import { fenToYuanNumber } from "../format.ts";
import { comparisonView } from "../../../present/comparison-view.ts";
import type { FestivalReport, HolidayReport } from "../../../reports/schemas.ts";
import { presentPanel } from "../present-table.ts";
import { type PeriodFigures, trendReportSchema } from "../schemas.ts";
import { withheldNote } from "../withheld.ts";

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
export type ComparisonAnswer = HolidayReport | FestivalReport;

/** How one view names its panels: charts `<view>-visitors`…, its table `<stem>`. */
export interface ComparisonNames {
  view: "holiday" | "festival";
  stem: string;
  headline: string;
  /** The report's spreadsheet button beside its table. */
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
    // Compared days without any data are none (no bar), never the whole period's figure.
    current: [compared.current ? compared.current.visitors : current.visitors, current.visitors_per_day, current.peak_day?.visitors ?? null],
    previous: [compared.previous?.visitors ?? null, previous?.visitors_per_day ?? null, previous?.peak_day?.visitors ?? null],
    yoy: [report.yoy.visitors_pct, report.whole_period_yoy.visitors_per_day_pct, report.whole_period_yoy.peak_day_visitors_pct],
    labels: { ...years, yoy: t("yoyPct"), value: t("visitorsUnit") },
    locale: ctx.locale,
    measure: "people",
  });
  const revenueChart = comparisonOption({
    categories: [`${t("revenue")}${basisLabel}`],
    current: [fenToYuanNumber(compared.current ? compared.current.revenue_fen : current.revenue_fen)],
    previous: [fenToYuanNumber(compared.previous?.revenue_fen)],
    yoy: [report.yoy.revenue_pct],
    labels: { ...years, yoy: t("yoyPct"), value: t("yuan") },
    locale: ctx.locale,
    measure: "yuan",
  });
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
    presentPanel(ctx, comparisonView(report), names.stem, names.xlsx()),
  ].filter((node): node is HTMLElement => node !== null);
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
  const option = perDayOption(
    current,
    previous,
    { current: String(report.year), previous: String(report.year - 1), day: (n) => ctx.t("dayN", { n }), value: ctx.t("visitorsUnit") },
    ctx.locale,
  );
  return chartPanel(`${view}-per-day`, ctx.t("perDayComparison", { days: report.basis.days }), option);
}
