import type { SiteClock } from "../../ingest/live/site-clock.ts";
import type { HolidayCalendar } from "../../transforms/calendar/holidays.ts";
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

/** "演示 · 国庆节 2026 第 3 天（2026-10-03 的客流）· 演示时钟 2026-12-05 11:10", from the clock a demo runs on; none outside a demo. */
export function demoHeadline(clock: SiteClock, calendar: HolidayCalendar): string | undefined {
  const moment = clock.demo?.();
  if (!moment) return undefined;
  const name = calendar.periodOn(moment.as)?.name_zh ?? moment.holiday;
  const time = clock().toFormat("yyyy-MM-dd HH:mm");
  return `${moment.ended ? "演示已结束" : "演示"} · ${name} ${moment.as.slice(0, 4)} 第 ${moment.day} 天（${moment.as} 的客流）· 演示时钟 ${time}`;
}
