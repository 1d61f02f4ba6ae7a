import { DateTime } from "luxon";
import { type Level, levels } from "../live/capacity.ts";
import type { LateCrossing } from "./alert-store.ts";
import { robotBody } from "./robot-message.ts";
import type { Webhook } from "./webhooks.ts";

/**
 * Late crossings (past days, or events that arrived late) as one message: how many, which days and
 * sites, the worst level, and where the list is. They are history, not the state of the day, so they
 * are never pushed one by one and never read as today's.
 */
export interface AlertDigest {
  crossings: number;
  first_day: string;
  last_day: string;
  days: number;
  sites: { site_id: string; site_name: string }[];
  worst_level: Level;
  /** The command that lists them (`--since` the first day's midnight, local time). */
  list_command: string;
}

/** How many site names the message spells out before "等 N 个景点". */
const namedSites = 3;

export function alertDigest(backlog: readonly LateCrossing[], siteName: (siteId: string) => string): AlertDigest {
  const days = [...new Set(backlog.map((c) => c.local_date))].sort();
  const sites = [...new Set(backlog.map((c) => c.site_id))].sort().map((site_id) => ({ site_id, site_name: siteName(site_id) }));
  const worst = backlog.reduce((most, c) => Math.max(most, levels.indexOf(c.level)), 0);
  const firstDay = days[0] ?? "";
  return {
    crossings: backlog.length,
    first_day: firstDay,
    last_day: days.at(-1) ?? "",
    days: days.length,
    sites,
    worst_level: levels[worst] ?? "normal",
    list_command: `tourism alerts --since ${firstDay}T00:00`,
  };
}

/**
 * The moment a digest of this backlog may go out: once its oldest crossing has waited a whole window
 * (so a backfill is gathered, and a digest covers everything pending when it goes, the next one
 * can only come a window later), and no crossing in it is waiting out a failed attempt's backoff.
 */
export function digestDueAt(backlog: readonly LateCrossing[], windowMs: number): number {
  // A backfill of years holds more crossings than Math.max takes arguments: folded one by one.
  const millis = (text: string) => DateTime.fromISO(text, { zone: "utc" }).toMillis();
  const oldest = backlog.reduce((least, c) => Math.min(least, millis(c.raised_at)), Number.POSITIVE_INFINITY);
  return backlog.reduce((latest, c) => Math.max(latest, millis(c.retry_at)), oldest + windowMs);
}

const levelZh = { normal: "均已恢复正常", warning: "最高达到预警线 80%", full: "最高已满 100%" } as const;

/** The digest in the words of a group chat; true of past days (no "今日"). */
export function digestText(digest: AlertDigest): string {
  const days = digest.days === 1 ? `${digest.first_day} 一天` : `${digest.first_day} 至 ${digest.last_day} 间的 ${digest.days.toLocaleString("en-US")} 天`;
  const names = digest.sites.slice(0, namedSites).map((s) => s.site_name);
  const sites = digest.sites.length > namedSites ? `${names.join("、")}等 ${digest.sites.length} 个景点` : names.join("、");
  return `【承载量补录】迟到数据，非当前状态：${days}，${sites}共 ${digest.crossings.toLocaleString("en-US")} 次承载量级别变化，${levelZh[digest.worst_level]}。不逐条推送，明细：${digest.list_command}`;
}

/** The request body of a digest: a text message for robots (history: nobody is mentioned); the counts for a generic hook. */
export function digestBody(hook: Webhook, digest: AlertDigest): unknown {
  if (hook.format !== "generic") return robotBody(hook, digestText(digest), false);
  return { type: "alert_digest", ...digest, text: digestText(digest) };
}
