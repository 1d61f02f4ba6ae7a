import { type Scope, scopeQuery } from "../access.ts";
import { apiGet } from "../api.ts";
import { chartPanel } from "../chart.ts";
import { forecastOption } from "../charts/forecast.ts";
import type { ViewContext } from "../context.ts";
import { h } from "../dom.ts";
import { xlsxButton } from "../download.ts";
import { holidayName } from "../i18n.ts";
import { loadInto } from "../load.ts";
import { forecastView } from "../../../present/forecast-view.ts";
import { presentPanel } from "../present-table.ts";
import type { Words } from "../../../present/tabular.ts";
import { type ForecastReport, forecastReportSchema, type HolidayPeriodInfo, trendReportSchema } from "../schemas.ts";

/** The holiday running today, else the next one the calendar holds; none once the calendar runs out. */
export function upcomingHoliday(holidays: readonly HolidayPeriodInfo[], today: string): HolidayPeriodInfo | undefined {
  return holidays.filter((p) => p.end >= today).sort((a, b) => a.start.localeCompare(b.start))[0];
}

/** Last year's same holiday day by day (the trend report over its dates), day N beside day N; none without one. */
async function lastYearDays(ctx: ViewContext, period: HolidayPeriodInfo, scope: Scope): Promise<(number | null)[]> {
  const last = ctx.holidays.find((p) => p.key === period.key && p.year === period.year - 1);
  if (!last) return [];
  const query = { from: last.start, to: last.end, granularity: "day", align: "date", ...scopeQuery(scope) };
  const trend = await apiGet(ctx.token, "/api/reports/trend", query, trendReportSchema);
  return trend.rows.map((row) => row.visitors);
}

function summary(ctx: ViewContext, report: ForecastReport, period: HolidayPeriodInfo): HTMLElement {
  const seen = report.days.filter((d) => d.observed).length;
  const text =
    period.start <= report.made_on
      ? ctx.t("forecastDuring", { day: seen + 1, days: report.days.length, seen, madeOn: report.made_on })
      : ctx.t("forecastBefore", { start: period.start, end: period.end, madeOn: report.made_on });
  return h("p", { class: "note", "data-note": "forecast-when" }, text);
}

async function panels(ctx: ViewContext, period: HolidayPeriodInfo, scope: Scope): Promise<HTMLElement[]> {
  const { t, locale } = ctx;
  const query = { holiday: period.key, year: period.year, ...scopeQuery(scope) };
  const [report, lastYear] = await Promise.all([apiGet(ctx.token, "/api/reports/forecast", query, forecastReportSchema), lastYearDays(ctx, period, scope)]);
  const [risk, days] = forecastView(report);
  const stem = `forecast-${report.holiday}-${report.year}`;
  const title = h("h3", { "data-forecast-title": "" }, t("forecastTitle", { holiday: holidayName(locale, report.holidays), year: report.year }));
  if (report.days.every((d) => d.expected === null && !d.observed))
    return [title, h("p", { class: "note", "data-note": "forecast-unavailable" }, t("forecastUnavailable"))];
  const labels = {
    lastYear: String(report.year - 1),
    counted: t("forecastCounted"),
    expected: t("forecastExpected"),
    band: t("forecastBand"),
    day: (n: number) => t("dayN", { n }),
    value: t("visitorsUnit"),
  };
  // The site-days at risk first: what the announcement and the stop on ticket sales are decided by.
  return [
    title,
    summary(ctx, report, period),
    report.days_at_risk.length > 0
      ? presentPanel(ctx, risk!, `${stem}-risk`)
      : h("p", { class: "note", "data-note": "forecast-no-risk" }, risk!.notes[0]?.[locale] ?? ""),
    chartPanel("holiday-forecast", t("forecastChart"), forecastOption(report.days, lastYear, labels, locale)),
    presentPanel(ctx, days!, stem, xlsxButton(ctx, "/api/reports/forecast", query, stem)),
    notesOf(ctx, days!.notes),
  ];
}

/** How the forecast was made and how far to trust it (too little history, a widened band), folded away on a phone's screen. */
function notesOf(ctx: ViewContext, notes: readonly Words[]): HTMLElement {
  return h(
    "details",
    { class: "notes", "data-notes": "forecast" },
    h("summary", {}, ctx.t("forecastNotes")),
    h("ul", {}, ...notes.map((note) => h("li", {}, note[ctx.locale]))),
  );
}

/**
 * The forecast of the holiday running today or coming next, for the view's scope: loaded on its own
 * (the forecast takes seconds on a busy machine), so the rest of the view never waits for it.
 */
export function forecastPanel(ctx: ViewContext, scope: Scope): HTMLElement {
  const box = h("section", { class: "forecast", "data-forecast": "" });
  const period = upcomingHoliday(ctx.holidays, ctx.me.today);
  if (!period) {
    box.dataset.state = "ready";
    box.append(h("p", { class: "note", "data-note": "forecast-none" }, ctx.t("forecastNone")));
    return box;
  }
  void loadInto(box, ctx.t, ctx.signal, () => panels(ctx, period, scope));
  return box;
}
