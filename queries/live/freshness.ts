import type { DateTime } from "luxon";
import { siteZone } from "../../ingest/contracts/time.ts";
import type { OpeningHours, Site } from "../../transforms/register/register.ts";
import { reportingInterval } from "../../transforms/register/reporting-interval.ts";

/** A site is stale once this many of its reporting intervals passed without a count. */
export const missedIntervals = 3;

/**
 * Minutes a site may be silent in its opening hours before it is stale: three of its reporting
 * intervals, or `override` minutes for every site alike (TOURISM_LIVE_STALE_MINUTES).
 */
export function staleAfterMinutes(site: Pick<Site, "kind" | "reporting_interval_minutes">, override?: number): number {
  return override ?? missedIntervals * reportingInterval(site);
}

/**
 * Stale: during its opening hours, the site has been silent longer than `staleMinutes` (since its
 * latest event, or since opening when it has none today). A stale site's figures are not "empty".
 */
export function isStale(at: DateTime, latest: DateTime | null, opening: OpeningHours | undefined, staleMinutes: number): boolean {
  if (!opening) return false;
  const local = at.setZone(siteZone);
  const time = local.toFormat("HH:mm");
  if (time < opening.from || time >= opening.to) return false;
  const [hour, minute] = opening.from.split(":").map(Number);
  const opened = local.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 });
  const since = latest && latest > opened ? latest : opened;
  return at.diff(since).as("minutes") > staleMinutes;
}
