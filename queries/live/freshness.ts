import type { DateTime } from "luxon";
import { siteZone } from "../../ingest/contracts/time.ts";
import type { OpeningHours } from "../../transforms/register/register.ts";

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
