import type { GrowthReport } from "../reports/growth.ts";
import { countText, moneyText } from "./format.ts";
import { changeWords, column, revenueCell, revenueNote, scopeTitle } from "./labels.ts";
import { type Column, noData, type Tabular, type Words, words } from "./tabular.ts";

const columns: Column[] = [
  column("year", "text", "年份", "Year"),
  column("visitors", "count", "接待人次", "Visitors"),
  column("visitors_yoy_pct", "change", "人次同比", "Visitors YoY"),
  column("visitors_vs_baseline_pct", "change", "人次较基准年", "Visitors vs baseline"),
  column("revenue", "money", "营业额", "Revenue"),
  column("revenue_yoy_pct", "change", "营业额同比", "Revenue YoY"),
  column("revenue_vs_baseline_pct", "change", "营业额较基准年", "Revenue vs baseline"),
  column("complete", "flag", "数据完整", "Complete"),
  column("missing_days", "count", "缺数据天数", "Days missing"),
  column("revenue_withheld", "flag", "营业额不公开", "Revenue withheld", true),
  column("no_data_reason", "text", "无数据原因", "No data", true),
];

export function growthView(report: GrowthReport): Tabular {
  const rows = report.years.map((y, i) => ({
    year: `${y.year}`,
    visitors: y.no_data_reason ? noData : y.visitors,
    visitors_yoy_pct: y.visitors_yoy_pct,
    visitors_vs_baseline_pct: y.visitors_vs_baseline_pct,
    revenue: y.no_data_reason ? noData : revenueCell(y.revenue_fen, y.revenue_withheld),
    // The first year's change is against the year before, which the report does not list.
    revenue_yoy_pct: revenueCell(y.revenue_yoy_pct, y.revenue_withheld || (i > 0 && report.years[i - 1]!.revenue_withheld)),
    revenue_vs_baseline_pct: revenueCell(y.revenue_vs_baseline_pct, y.revenue_withheld || report.baseline?.revenue_withheld === true),
    complete: y.complete,
    missing_days: y.missing_days,
    revenue_withheld: y.revenue_withheld,
    no_data_reason: y.no_data_reason,
  }));
  const [from, to, years] = [report.from_year, report.to_year, report.cagr.years];
  const [visitorsCagr, revenueCagr] = [changeWords(report.cagr.visitors_pct), changeWords(report.cagr.revenue_pct)];
  const notes: Words[] = [
    words(
      `${from}–${to} 年均复合增长率（${years} 年）：接待人次 ${visitorsCagr}，营业额 ${revenueCagr}`,
      `CAGR ${from}–${to} (${years} years): visitors ${visitorsCagr}, revenue ${revenueCagr}`,
    ),
  ];
  if (report.baseline) {
    const b = report.baseline;
    if (b.visitors === null || b.no_data_reason) {
      notes.push(words(`基准年 ${b.year}：无数据（全年每天都没有事件，不是 0）`, `Baseline ${b.year}: no data (no events on any day of the year; not 0)`));
    } else {
      const revenue = b.revenue_withheld ? words("不公开", "withheld") : words(moneyText(b.revenue_fen, "zh"), `CNY ${moneyText(b.revenue_fen, "en")}`);
      const gap = b.complete ? words("", "") : words(`（不完整：${b.missing_days} 天无数据）`, ` (incomplete: ${b.missing_days} days without data)`);
      notes.push(
        words(
          `基准年 ${b.year}：接待人次 ${countText(b.visitors, "zh")}，营业额 ${revenue.zh}${gap.zh}`,
          `Baseline ${b.year}: visitors ${countText(b.visitors, "en")}, revenue ${revenue.en}${gap.en}`,
        ),
      );
    }
  }
  const empty = report.years.filter((y) => y.no_data_reason).map((y) => y.year);
  if (empty.length > 0) {
    notes.push(words(`无数据（${empty.join("、")}）：全年每天都没有事件，不是 0。`, `No data (${empty.join(", ")}): no events on any day of the year; not 0.`));
  }
  if (report.years.some((y) => !y.complete)) {
    notes.push(words("数据不完整（数据完整 = 否）的年份不作同比。", "Years with days lacking data (complete = no) have no percentages."));
  }
  notes.push(...revenueNote([...report.years, ...(report.baseline ? [report.baseline] : [])].map((y) => y.revenue_withheld_reason)));
  const title = scopeTitle(report.scope);
  return { title: words(`${from}–${to} 年增长 — ${title.zh}`, `Growth ${from}–${to} — ${title.en}`), columns, rows, notes };
}
