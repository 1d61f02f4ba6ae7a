import { type HolidayKey, holidayNamesZh } from "../../transforms/calendar/holiday-keys.ts";
import { cliStaff } from "../access/access.ts";
import type { ReportContext } from "../reports/context.ts";
import { holidayReport } from "../reports/holiday.ts";

/**
 * "清明 2019 · 廊下郊野公园：9,700 人次，同比 +47.0%", from the holiday report itself: its year on year
 * on the comparable basis, said "按可比口径（前N天）" when the two holidays differ in length.
 */
export async function holidayHeadline(ctx: ReportContext, siteId: string, holiday: HolidayKey, year: number): Promise<string | undefined> {
  const site = ctx.register.sites.find((s) => s.site_id === siteId);
  if (!site || !ctx.calendar.period(holiday, year)) return undefined;
  const report = await holidayReport(ctx, cliStaff, { holiday, year, site: siteId });
  const pct = report.yoy.visitors_pct;
  const basis = report.comparable || !report.previous ? "" : `按可比口径（前${report.basis.days}天）`;
  const change = pct === null ? "同比：无可比数据" : `${basis}同比 ${pct >= 0 ? "+" : ""}${pct.toFixed(1)}%`;
  const visitors = report.current.visitors === null ? "无数据" : `${report.current.visitors.toLocaleString("en-US")} 人次`;
  const name = report.holidays.map((key) => holidayNamesZh[key]).join("·");
  return `${name} ${year} · ${site.name_zh}：${visitors}，${change}`;
}
