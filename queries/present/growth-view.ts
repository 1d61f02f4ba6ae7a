import type { GrowthReport } from "../reports/growth.ts";
import { pct, revenueCell, revenueNote, scopeTitle } from "./labels.ts";
import { type Column, noData, type Tabular } from "./tabular.ts";

const columns: Column[] = [
  { key: "year", zh: "年份", en: "year" },
  { key: "visitors", zh: "游客", en: "visitors" },
  { key: "visitors_yoy_pct", zh: "游客同比%", en: "visitors YoY %" },
  { key: "visitors_vs_baseline_pct", zh: "较基准%", en: "vs baseline %" },
  { key: "revenue_fen", zh: "营业额(分)", en: "revenue fen", machine: true },
  { key: "revenue_cny", zh: "营业额(元)", en: "revenue CNY" },
  { key: "revenue_yoy_pct", zh: "营业额同比%", en: "revenue YoY %" },
  { key: "revenue_vs_baseline_pct", zh: "营业额较基准%", en: "revenue vs baseline %" },
  { key: "complete", zh: "数据完整", en: "complete" },
  { key: "missing_days", zh: "缺数据天数", en: "days missing" },
  { key: "revenue_withheld", zh: "营业额不公开", en: "revenue withheld", csvOnly: true },
  { key: "no_data_reason", zh: "无数据原因", en: "no data", csvOnly: true },
];

export function growthView(report: GrowthReport): Tabular {
  const rows = report.years.map((y, i) => ({
    year: y.year,
    visitors: y.no_data_reason ? noData : y.visitors,
    visitors_yoy_pct: pct(y.visitors_yoy_pct),
    visitors_vs_baseline_pct: pct(y.visitors_vs_baseline_pct),
    revenue_fen: y.no_data_reason ? noData : revenueCell(y.revenue_fen, y.revenue_withheld),
    revenue_cny: y.no_data_reason ? noData : revenueCell(y.revenue_cny, y.revenue_withheld),
    // The first year's change is against the year before, which the report does not list.
    revenue_yoy_pct: revenueCell(pct(y.revenue_yoy_pct), y.revenue_withheld || (i > 0 && report.years[i - 1]!.revenue_withheld)),
    revenue_vs_baseline_pct: revenueCell(pct(y.revenue_vs_baseline_pct), y.revenue_withheld || report.baseline?.revenue_withheld === true),
    complete: y.complete,
    missing_days: y.missing_days,
    revenue_withheld: y.revenue_withheld,
    no_data_reason: y.no_data_reason,
  }));
  const notes = [
    `年均复合增长率 CAGR ${report.from_year}–${report.to_year} (${report.cagr.years} years): visitors ${pct(report.cagr.visitors_pct) ?? "—"}%, revenue ${pct(report.cagr.revenue_pct) ?? "—"}%`,
  ];
  if (report.baseline) {
    const b = report.baseline;
    notes.push(
      b.no_data_reason
        ? `基准年 Baseline ${b.year}: 无数据 no data (no events on any day of the year; not 0)`
        : `基准年 Baseline ${b.year}: visitors ${b.visitors}, revenue ${b.revenue_withheld ? "withheld" : `${b.revenue_cny ?? "—"} CNY`}${b.complete ? "" : ` (incomplete: ${b.missing_days} days without data)`}`,
    );
  }
  const empty = report.years.filter((y) => y.no_data_reason).map((y) => y.year);
  if (empty.length > 0) notes.push(`无数据 No data (${empty.join(", ")}): no events on any day of the year; not 0.`);
  if (report.years.some((y) => !y.complete)) notes.push("数据不完整 Years with days lacking data (complete = NO) have no percentages.");
  notes.push(...revenueNote([...report.years, ...(report.baseline ? [report.baseline] : [])].map((y) => y.revenue_withheld_reason)));
  return { title: `增长 Growth ${report.from_year}–${report.to_year} — ${scopeTitle(report.scope)}`, columns, rows, notes };
}
