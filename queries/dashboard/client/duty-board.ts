import type { Level } from "../../../ingest/live/capacity.ts";
import { levelOf } from "./charts/live.ts";
import type { AlertAnswer, SiteLive } from "./schemas.ts";

/** What a duty officer sorts sites by: a silent site's figures are old, so it stands apart from its level. */
export type Standing = Level | "stale";
/** The order a duty screen lists them in: what needs acting on first. */
export const standings: readonly Standing[] = ["full", "warning", "stale", "normal"];

const severity: Record<Level, number> = { normal: 0, warning: 1, full: 2 };

export interface SiteStanding {
  site: SiteLive;
  /** The worse of occupancy against the instant capacity and entries against the daily one. */
  level: Level;
  standing: Standing;
  /** The larger of the two shares in percent; null without any capacity. */
  share: number | null;
}

export function standingOf(site: SiteLive): SiteStanding {
  const inside = levelOf(site.occupancy, site.capacity_instant);
  const daily = levelOf(site.entries, site.capacity_daily);
  const level = severity[daily] > severity[inside] ? daily : inside;
  const shares = [site.occupancy_pct, site.entries_pct].filter((pct): pct is number => pct !== null);
  return { site, level, standing: site.stale ? "stale" : level, share: shares.length > 0 ? Math.max(...shares) : null };
}

/** Full, warning, stale, normal; within each, the fullest first (register order among equals). */
export function dutyOrder(sites: readonly SiteLive[]): SiteStanding[] {
  const rank = (standing: Standing) => standings.indexOf(standing);
  return sites.map(standingOf).sort((a, b) => rank(a.standing) - rank(b.standing) || (b.share ?? -1) - (a.share ?? -1));
}

export function standingCounts(list: readonly SiteStanding[]): Record<Standing, number> {
  const counts: Record<Standing, number> = { full: 0, warning: 0, stale: 0, normal: 0 };
  for (const entry of list) counts[entry.standing] += 1;
  return counts;
}

/**
 * What the duty officer still has to answer: the alerts of `date` nobody has acknowledged yet, newest
 * first. Late ones (events that arrived after their moment had passed) are history, not the state of
 * the day, and stay with the rest of the day's log.
 */
export function toAcknowledge(alerts: readonly AlertAnswer[], date: string): AlertAnswer[] {
  return newestFirst(alerts.filter((alert) => alert.local_date === date && alert.acknowledged_at === null && !alert.late));
}

export function newestFirst(alerts: readonly AlertAnswer[]): AlertAnswer[] {
  return [...alerts].sort((a, b) => (a.occurred_at < b.occurred_at ? 1 : a.occurred_at > b.occurred_at ? -1 : 0));
}
