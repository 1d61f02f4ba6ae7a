import type { Warehouse } from "../../infra/warehouse/port.ts";
import { daysBetween } from "../../transforms/calendar/dates.ts";
import type { Span } from "../metrics/periods.ts";
import { periodTotals } from "./period-totals.ts";

/** A period a report could default to, over the sites it would count. */
export interface Candidate {
  span: Span;
  sites: readonly string[];
}

/**
 * Which of `candidates` a report opens on when none is named: the latest that has begun by
 * `today` and has data on some day for its sites (its index), or null when none has. One
 * statement over every begun candidate.
 */
export async function latestWithData(warehouse: Warehouse, candidates: readonly Candidate[], today: string): Promise<number | null> {
  const begun = candidates
    .map((candidate, index) => ({ ...candidate, index }))
    .filter((c) => c.span.start <= today && c.sites.length > 0)
    .sort((a, b) => b.span.start.localeCompare(a.span.start));
  if (begun.length === 0) return null;
  // Each distinct set of sites is a group of its own; keys hold ':', so they differ from site ids.
  const setKey = (sites: readonly string[]) => `set:${[...sites].sort().join(",")}`;
  const groups = [...new Map(begun.map((c) => [setKey(c.sites), { key: setKey(c.sites), sites: c.sites }])).values()];
  const totals = await periodTotals(warehouse, {
    periods: begun.map((c) => [c.span]),
    sites: [...new Set(begun.flatMap((c) => c.sites))],
    groups,
    cells: null,
  });
  const found = begun.findIndex((c, i) => totals(i, setKey(c.sites)).missing_dates.length < daysBetween(c.span.start, c.span.end));
  return found < 0 ? null : begun[found]!.index;
}
