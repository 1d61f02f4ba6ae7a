import { DateTime } from "luxon";
import { siteZone } from "../contracts/time.ts";
import type { Level, Measure } from "../live/capacity.ts";
import type { AlertFacts } from "./alert-store.ts";
import type { SiteInfo } from "./webhooks.ts";

const measureZh: Record<Measure, string> = { instant: "在园人数", daily: "今日入园" };

/** How each line reads when reached. */
const reached: Record<Measure, Record<Exclude<Level, "normal">, string>> = {
  instant: { warning: "达到预警线 80%", full: "已达最大承载量" },
  daily: { warning: "达到预警线 80%", full: "已达日最大承载量" },
};

/**
 * What the site is to do at each line, as LB/T 034-2014 asks: at 80 % of the instantaneous maximum
 * start the contingency plan and stop selling tickets; at 80 % of the day's maximum announce it and
 * hold bookings; at 100 % stop admitting and divert, or stop the day's entries.
 */
const actions: Record<Measure, Record<Exclude<Level, "normal">, string>> = {
  instant: { warning: "启动预案、暂停售票", full: "立即限流、分流" },
  daily: { warning: "提前公告、控制预约", full: "停止当日入园" },
};

function change({ measure, level, previous_level }: Pick<AlertFacts, "measure" | "level" | "previous_level">): string {
  if (level === "normal") return "回落到 75% 以下，已恢复正常";
  if (level === "warning" && previous_level === "full") return `回落到 95% 以下，仍在预警线以上，${actions[measure].warning}`;
  return `${reached[measure][level]}，${actions[measure][level]}`;
}

/** The share as it is, above 100 % too (368.0%): how far past the line tells how hard to act. */
const share = (figure: number, capacity: number) => `${((figure * 100) / capacity).toFixed(1)}%`;

/** The local time of an alert's change (ClickHouse UTC text or ISO). */
export const localTime = (occurredAt: string) => DateTime.fromISO(occurredAt, { zone: "utc" }).setZone(siteZone);

/** One alert as a duty officer reads it: town and site, figure against capacity, when, and what to do. */
export function alertLine(alert: AlertFacts, site: SiteInfo): string {
  const figures = `${alert.figure.toLocaleString("en-US")} / ${alert.capacity.toLocaleString("en-US")}（${share(alert.figure, alert.capacity)}）`;
  return `${site.town} ${site.name}：${measureZh[alert.measure]} ${figures}，${localTime(alert.occurred_at).toFormat("HH:mm")} ${change(alert)}。`;
}
