import type { Site } from "./register.ts";

/**
 * Minutes between a site's gate counts by its kind, where the register gives none: how long a
 * counter of such a site is normally silent. A park's or scenic area's gates count every quarter
 * hour and always see someone; a farm or orchard can go most of an hour between counts, a farm-stay
 * an hour and a half, a homestay (a few guests a day) two hours. The simulator's counts for each kind
 * keep within these, on quiet days too.
 */
export const reportingIntervalByKind: Readonly<Record<string, number>> = {
  park: 15,
  scenic_area: 15,
  farm: 45,
  orchard: 45,
  farm_stay: 90,
  homestay: 120,
};

/** A kind the table does not know: counters every quarter hour. */
export const defaultReportingInterval = 15;

/** Minutes between the site's gate counts: the register's `reporting_interval_minutes`, else its kind's. */
export function reportingInterval(site: Pick<Site, "kind" | "reporting_interval_minutes">): number {
  return site.reporting_interval_minutes ?? reportingIntervalByKind[site.kind] ?? defaultReportingInterval;
}
