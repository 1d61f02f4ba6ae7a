import type { ForecastReport } from "../reports/forecast.ts";
import { forecastNoteWords, levelNote } from "./forecast-notes.ts";
import { column, revenueCell, revenueNote, scopeTitle } from "./labels.ts";
import { holidayName } from "./names.ts";
import { type Cell, type Column, type Tabular, type Words, words } from "./tabular.ts";

const dayColumns: Column[] = [
  column("day", "count", "第N天", "Day"),
  column("date", "date", "日期", "Date"),
  column("expected", "count", "预计游客", "Expected"),
  column("low80", "count", "80%下限", "80% low"),
  column("high80", "count", "80%上限", "80% high"),
  column("low95", "count", "95%下限", "95% low"),
  column("high95", "count", "95%上限", "95% high"),
  column("visitors", "count", "实际游客", "Counted"),
  column("expected_revenue", "money", "预计营业额", "Expected revenue"),
  column("revenue_low80", "money", "营业额80%下限", "Revenue 80% low"),
  column("revenue_high80", "money", "营业额80%上限", "Revenue 80% high"),
  column("revenue", "money", "实际营业额", "Revenue counted"),
  column("revenue_withheld", "flag", "营业额不公开", "Revenue withheld", true),
];

const capacityColumns: Column[] = [
  column("daily_capacity", "count", "日最大承载量", "Daily capacity"),
  column("share_pct", "percent", "预计占比", "Expected share"),
  column("p_reach_80", "percent", "达80%概率", "P(≥80%)"),
  column("p_reach_100", "percent", "达100%概率", "P(≥100%)"),
];

const peakColumns: Column[] = [
  column("expected_peak_occupancy", "count", "预计瞬时最高在园人数", "Expected peak inside"),
  column("peak_low80", "count", "瞬时80%下限", "Peak 80% low"),
  column("peak_high80", "count", "瞬时80%上限", "Peak 80% high"),
  column("instant_capacity", "count", "瞬时最大承载量", "Instant capacity"),
  column("p_peak_reach_80", "percent", "达80%概率（瞬时）", "P(peak ≥80%)"),
  column("p_peak_reach_100", "percent", "达100%概率（瞬时）", "P(peak ≥100%)"),
];

const riskColumns: Column[] = [
  column("site", "name", "景点", "Site"),
  column("site_id", "id", "景点编号", "Site ID"),
  column("day", "count", "第N天", "Day"),
  column("date", "date", "日期", "Date"),
  column("expected", "count", "预计游客", "Expected"),
  ...capacityColumns,
  ...peakColumns,
  column("at_risk", "text", "风险指标", "At risk"),
];

const measureNames = { daily: words("日承载", "daily"), instant: words("瞬时承载", "instant") };

/** Probabilities shown as percents, as the capacity share is. */
const asPercent = (p: number | null): Cell => (p === null ? null : Math.round(p * 1000) / 10);
const capacityCells = (d: SiteDay) => ({
  share_pct: d.share_pct,
  p_reach_80: asPercent(d.p_reach_80),
  p_reach_100: asPercent(d.p_reach_100),
  p_peak_reach_80: asPercent(d.p_peak_reach_80),
  p_peak_reach_100: asPercent(d.p_peak_reach_100),
});
type SiteDay = Pick<
  NonNullable<ForecastReport["sites"]>[number]["days"][number],
  "share_pct" | "p_reach_80" | "p_reach_100" | "p_peak_reach_80" | "p_peak_reach_100"
>;

type RevenueDay = Pick<ForecastReport["days"][number], "revenue_fen" | "expected_revenue_fen" | "revenue_low80_fen" | "revenue_high80_fen">;

/** A day's revenue cells in fen, or the withheld marker where the disclosure rule withholds the forecast. */
const revenueCells = (d: RevenueDay, isWithheld: boolean) => ({
  expected_revenue: revenueCell(d.expected_revenue_fen, isWithheld),
  revenue_low80: revenueCell(d.revenue_low80_fen, isWithheld),
  revenue_high80: revenueCell(d.revenue_high80_fen, isWithheld),
  revenue: revenueCell(d.revenue_fen, isWithheld),
  revenue_withheld: isWithheld,
});

function title(report: ForecastReport, what: Words): Words {
  const scope = scopeTitle(report.scope);
  const holiday = { zh: holidayName("zh", report.holidays), en: holidayName("en", report.holidays) };
  return words(
    `客流预测：${report.year}年${holiday.zh} ${what.zh} — ${scope.zh}（预测日 ${report.made_on}）`,
    `Forecast: ${holiday.en} ${report.year}, ${what.en} — ${scope.en} (made on ${report.made_on})`,
  );
}

/** Days at risk first (what duty staff act on), then the holiday day by day, then each site with by=site. */
export function forecastView(report: ForecastReport): Tabular[] {
  const risk: Tabular = {
    sheet: "风险 at risk",
    keys: ["site", "date"],
    title: title(report, words("可能达到最大承载量80%的景点日", "site-days likely to reach 80 % of capacity")),
    columns: riskColumns,
    rows: report.days_at_risk.map((r) => {
      const measures = r.at_risk.map((m) => measureNames[m]);
      const at_risk = words(measures.map((m) => m.zh).join("、"), measures.map((m) => m.en).join(", "));
      return { ...r, site: words(r.name_zh, r.name_en), ...capacityCells(r), at_risk };
    }),
    notes:
      report.days_at_risk.length === 0
        ? [
            words(
              "无：没有景点日更可能达到日最大承载量或瞬时最大承载量的80%",
              "None: no site-day is likelier than not to reach 80 % of its daily or instant capacity",
            ),
          ]
        : [],
  };
  const scope = { id: report.scope.id ?? "alliance", name_zh: report.scope.name_zh };
  const days: Tabular = {
    sheet: "逐日 by day",
    keys: ["day", "date"],
    title: title(report, words("逐日", "day by day")),
    columns: dayColumns,
    rows: report.days.map((d) => ({ ...d, ...revenueCells(d, report.revenue_withheld) })),
    notes: [levelNote(report.method), ...report.notes.map((n) => forecastNoteWords(n, scope)), ...revenueNote([report.revenue_withheld_reason])],
  };
  // Sheets by site id: unique where names may not be, and within Excel's 31 characters.
  const sites: Tabular[] = (report.sites ?? []).map((s) => ({
    sheet: s.site_id,
    keys: ["day", "date"],
    title: title(report, words(s.name_zh, s.name_en)),
    columns: [...dayColumns, ...capacityColumns, ...peakColumns],
    rows: s.days.map((d) => ({ ...d, ...capacityCells(d), ...revenueCells(d, s.revenue_withheld) })),
    notes: [...s.notes.map((n) => forecastNoteWords(n, { id: s.site_id, name_zh: s.name_zh })), ...revenueNote([s.revenue_withheld_reason])],
  }));
  return [risk, days, ...sites];
}
