import { cliStaff } from "../access/access.ts";
import type { ReportContext } from "../reports/context.ts";
import { holidayReport } from "../reports/holiday.ts";

/** "清明 2019 · 廊下郊野公园：9,700 人次，同比 +47.0%", from the holiday report itself. */
export async function holidayHeadline(ctx: ReportContext, siteId: string, year: number): Promise<string | undefined> {
  const site = ctx.register.sites.find((s) => s.site_id === siteId);
  if (!site) return undefined;
  const report = await holidayReport(ctx, cliStaff, { holiday: "qingming", year, site: siteId });
  const pct = report.yoy.visitors_pct;
  const change = pct === null ? "同比：无可比数据" : `同比 ${pct >= 0 ? "+" : ""}${pct.toFixed(1)}%`;
  const visitors = report.current.visitors === null ? "无数据" : `${report.current.visitors.toLocaleString("en-US")} 人次`;
  return `清明 ${year} · ${site.name_zh}：${visitors}，${change}`;
}
