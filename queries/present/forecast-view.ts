import type { ForecastReport } from "../reports/forecast.ts";
import { scopeTitle } from "./labels.ts";
import type { Column, Tabular } from "./tabular.ts";

const dayColumns: Column[] = [
  { key: "day", zh: "第N天", en: "day", rowLabel: true },
  { key: "date", zh: "日期", en: "date" },
  { key: "expected", zh: "预计游客", en: "expected" },
  { key: "low80", zh: "80%下限", en: "80% low" },
  { key: "high80", zh: "80%上限", en: "80% high" },
  { key: "low95", zh: "95%下限", en: "95% low" },
  { key: "high95", zh: "95%上限", en: "95% high" },
  { key: "visitors", zh: "实际游客", en: "counted" },
];

const capacityColumns: Column[] = [
  { key: "daily_capacity", zh: "日最大承载量", en: "daily capacity" },
  { key: "share_pct", zh: "预计占比%", en: "share %" },
  { key: "p_reach_80", zh: "达80%概率", en: "P(≥80%)" },
  { key: "p_reach_100", zh: "达100%概率", en: "P(≥100%)" },
];

const riskColumns: Column[] = [
  { key: "site", zh: "景点", en: "site", rowLabel: true },
  { key: "site_id", zh: "景点编号", en: "site id", machine: true },
  { key: "day", zh: "第N天", en: "day" },
  { key: "date", zh: "日期", en: "date" },
  { key: "expected", zh: "预计游客", en: "expected" },
  ...capacityColumns,
];

const title = (report: ForecastReport, what: string) =>
  `客流预测 Forecast ${what} — ${report.year} ${report.name_zh} (${report.holiday}) — ${scopeTitle(report.scope)} — 预测日 made on ${report.made_on}`;

/** Days at risk first (what duty staff act on), then the holiday day by day, then each site with by=site. */
export function forecastView(report: ForecastReport): Tabular[] {
  const risk: Tabular = {
    title: title(report, "days at risk (P(≥80% of daily capacity) ≥ 0.5)"),
    columns: riskColumns,
    rows: report.days_at_risk.map((r) => ({ site: r.name_zh, ...r })),
    notes: report.days_at_risk.length === 0 ? ["无 None: no site-day is likelier than not to reach 80 % of its daily capacity"] : [],
  };
  const m = report.method;
  const days: Tabular = {
    title: title(report, "day by day"),
    columns: dayColumns,
    rows: report.days.map((d) => ({ ...d })),
    notes: [
      `Level: mean day ${m.level ?? "—"} over ${m.level_window.start}..${m.level_window.end}; day profile from ${m.reference_years.join(", ") || "no year"}` +
        (m.update_factor === null ? "" : `; days seen ran ×${m.update_factor} the forecast, applied to the rest`),
      ...report.notes,
    ],
  };
  const sites: Tabular[] = (report.sites ?? []).map((s) => ({
    title: title(report, `${s.name_zh} (${s.name_en})`),
    columns: [...dayColumns, ...capacityColumns],
    rows: s.days.map((d) => ({ ...d })),
    notes: s.notes,
  }));
  return [risk, days, ...sites];
}
