import { z } from "zod";
import { int64Array, integerArray, stringArray } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { DailyFigureSql } from "../../ingest/kinds/event-kind.ts";
import { eventKindNames, eventKinds } from "../../ingest/kinds/registry.ts";
import { dayNumber, eachDate } from "../../transforms/calendar/dates.ts";
import type { Span } from "../metrics/periods.ts";
import { type CellQuery, type FigureCells, noCells, wholeAreasOf } from "../access/disclosure.ts";
import type { Breakdown } from "../access/scope.ts";
import { type DayFigures, sumPeriod } from "./day-sums.ts";

/** A figure's dates: ordered, disjoint runs (a merged holiday has two; none for a figure without dates). */
export type Period = readonly Span[];

/** Extra keys, each summing a set of sites (a bulletin's towns); keys must differ from site ids, and no site may be in two groups. */
export interface SiteGroup {
  key: string;
  sites: readonly string[];
}

export interface PeriodTotalsQuery {
  /** Every period a report states, read in one statement (each statement costs several ms to plan); they may overlap. */
  periods: readonly Period[];
  /** The scope, already resolved to site ids through the register. */
  sites: readonly string[];
  /** Totals per site / operator too, besides the scope's. */
  by?: Breakdown;
  /** Totals per group of sites too; with `by` site or none only. */
  groups?: readonly SiteGroup[];
  /** Dates counted only up to an instant (a bulletin's hour on its last day); other dates whole. */
  cutoffs?: readonly Cutoff[];
  /**
   * What to gather of each figure's cells for the disclosure rule (null: nothing, which spares most
   * of the statement's cost). Cells that decide only whole areas are not gathered when no key's
   * sites are whole areas (a planner's site or operator scope, whose revenue is withheld anyway).
   */
  cells: CellQuery | null;
  /** The local date today: a period holding it or a later day counts a day that is not over yet. */
  today?: string;
}

/** Events of `date` count only when they occurred before `before` (an ISO instant). */
export interface Cutoff {
  date: string;
  before: string;
}

/** Sums over a period, and which of its days have no events at all (unknown, not zero). */
export interface PeriodTotals {
  visitors: number;
  revenue_fen: number;
  /** What the disclosure rule reads of the figure (no cells counted unless asked for). */
  cells: FigureCells;
  missing_dates: string[];
  /** The day with most visitors; the earliest on a tie. */
  peak: { date: string; visitors: number } | null;
}

/** The statement's one row: each day with events and key, as parallel arrays (one row parses in a fraction of the time of one per day). */
const daysRow = z.object({
  days: integerArray,
  keys: stringArray,
  visitors: int64Array,
  revenue_fen: int64Array,
  unsafe_cells: integerArray,
  other_cells: integerArray,
});

/** Fixed SQL fragments per breakdown; never built from input. */
const keyColumn = { none: "''", site: "site_id", operator: "operator_id" } as const;

/**
 * Every report's figures come from here, in three steps:
 * 1. per kind of event, what it contributes each day (see its dailyFigures), grouped by and
 *    filtered on projection keys only, with sums of MATERIALIZED measures, so ClickHouse answers
 *    from the kinds' daily projections instead of the raw rows;
 * 2. one row per day with events and key: '' for the scope, a site / operator of the breakdown, a
 *    group's key. A day without a row had no events at all, which is how a missing day is told.
 *    With `cells`, each day's row also counts the key's disclosure cells of that day (its sites
 *    per area, see CellQuery) by how many operators other than `self` had sales or refunds in
 *    them: 1 to threshold − 1 (unsafe), or any;
 * 3. those rows as one row of arrays (day number, key, sums, cell counts), which periodTotals sums
 *    per period and key (day-sums.ts): visitors, revenue, the days without data, the peak day and
 *    the cell counts. Summing per period in SQL meant handing the engine a map from day to
 *    periods, and planning that constant cost more than the summing does here.
 * `span`: the periods' dates form one run, read as a range; otherwise as a list of dates.
 * `leaveOutSelf`: the cells leave the asking operator out (an operator's); a planner's leave no one out.
 */
export function periodTotalsSql(
  options: { by?: Breakdown; groups?: boolean; cut?: boolean; span?: boolean; cells?: boolean; leaveOutSelf?: boolean } = {},
): string {
  const { by, groups = false, cut = false, span = false, cells = true, leaveOutSelf = true } = options;
  const key = keyColumn[by ?? (groups ? "site" : "none")];
  // A cut-off filters on occurred_at, which the projections do not hold: those reads scan raw rows.
  const cutoff = cut
    ? " AND (indexOf({cut_dates:Array(Date)}, local_date) = 0 OR occurred_at < arrayElement({cut_before:Array(DateTime64(3, 'UTC'))}, indexOf({cut_dates:Array(Date)}, local_date)))"
    : "";
  const dates = span ? "local_date BETWEEN {first:Date} AND {last:Date}" : "local_date IN {dates:Array(Date)}";
  const where = `${dates} AND site_id IN {sites:Array(String)}${cutoff}`;
  const sums = (figures: DailyFigureSql) => `${figures.visitors ?? "toUInt64(0)"} AS v, ${figures.revenueFen ?? "toInt64(0)"} AS r`;
  const extraKeys = [...(by ? ["[k]"] : []), ...(groups ? ["arrayFilter((g, s) -> s = k, {group_keys:Array(String)}, {group_sites:Array(String)})"] : [])];
  const dayKey = extraKeys.length === 0 ? "''" : `arrayJoin(arrayConcat([''], ${extraKeys.join(", ")}))`;
  const counted = eventKindNames.filter((kind) => cells && eventKinds[kind].dailyFigures.revenueOperators !== undefined);
  // Each day's sums per k, then added to every key k belongs to.
  const summed = eventKindNames
    .filter((kind) => !counted.includes(kind))
    .map((kind) => {
      const { table, dailyFigures } = eventKinds[kind];
      return `      SELECT local_date, ${key} AS k, ${sums(dailyFigures)}
      FROM ${table} WHERE ${where} GROUP BY local_date${key === keyColumn.none ? "" : ", k"}`;
    })
    .join("\n      UNION ALL\n");
  if (!cells) {
    return daysAsArrays(`
  SELECT local_date, ${dayKey} AS key, sum(v) AS v, sum(r) AS r, toUInt64(0) AS unsafe, toUInt64(0) AS others
  FROM (
${summed}
  )
  GROUP BY local_date, key`);
  }
  // An operator count merges only inside the projection's aggregate, never across keys once
  // counted: each kind of key reads the rows grouped by its own keys (groups hold disjoint sites).
  const cellKeys = [
    { key: "''", where: "" },
    ...(by ? [{ key: keyColumn[by], where: "" }] : []),
    ...(groups
      ? [{ key: "transform(site_id, {group_sites:Array(String)}, {group_keys:Array(String)}, '')", where: " AND site_id IN {group_sites:Array(String)}" }]
      : []),
  ];
  // Areas as numbers (see cellParams): grouping on them costs less than on their names.
  const area = "transform(site_id, {cell_sites:Array(String)}, {cell_areas:Array(UInt16)}, 0)";
  // The asking operator's rows form their own group, whose count is left out; a planner leaves no one out.
  const selfGroup = leaveOutSelf ? ", operator_id = {self:String}" : "";
  const cellRows = counted.flatMap((kind) => {
    const { table, dailyFigures } = eventKinds[kind];
    const count = dailyFigures.revenueOperators!.count;
    const n = leaveOutSelf ? `if(operator_id = {self:String}, 0, ${count})` : count;
    return cellKeys.map(
      (cell) => `    SELECT local_date, ${cell.key} AS key, ${sums(dailyFigures)}, ${n} AS n
    FROM ${table} WHERE ${where}${cell.where} GROUP BY local_date, key, ${area}${selfGroup}`,
    );
  });
  const rows = [...(summed ? [`    SELECT local_date, ${dayKey} AS key, v, r, toUInt64(0) AS n FROM (\n${summed}\n    )`] : []), ...cellRows];
  // A key's cell of one day and area is its row without `self`'s operator: its rows with `self` have n 0.
  return daysAsArrays(`
  SELECT local_date, key, sum(v) AS v, sum(r) AS r, countIf(n BETWEEN 1 AND {threshold:UInt32} - 1) AS unsafe, countIf(n > 0) AS others
  FROM (
${rows.join("\n    UNION ALL\n")}
  )
  GROUP BY local_date, key`);
}

/** Rows of (day, key, sums, cell counts) as the statement's one row of arrays. */
const daysAsArrays = (days: string) => `
SELECT groupArray(toUInt16(local_date)) AS days, groupArray(key) AS keys, groupArray(v) AS visitors, groupArray(r) AS revenue_fen,
       groupArray(toUInt32(unsafe)) AS unsafe_cells, groupArray(toUInt32(others)) AS other_cells
FROM (${days}
)`;

/** Whether sorted runs of dates leave no day out between the first and the last. */
function oneRun(runs: readonly Span[]): boolean {
  let end = Number.NEGATIVE_INFINITY;
  for (const run of [...runs].sort((a, b) => a.start.localeCompare(b.start))) {
    if (end !== Number.NEGATIVE_INFINITY && dayNumber(run.start) > end + 1) return false;
    end = Math.max(end, dayNumber(run.end));
  }
  return true;
}

/** What the statement cannot answer: a site in two groups (a row counts toward one group), a threshold its operator counts do not reach. */
function checkQuery(query: PeriodTotalsQuery): void {
  const grouped = (query.groups ?? []).flatMap((g) => g.sites);
  if (new Set(grouped).size !== grouped.length) throw new RangeError("groups of sites must not share a site");
  if (!query.cells) return;
  for (const kind of eventKindNames) {
    const counted = eventKinds[kind].dailyFigures.revenueOperators;
    if (counted && query.cells.threshold - 1 > counted.upTo)
      throw new RangeError(`${kind} events count operators up to ${counted.upTo}, too few for a disclosure threshold of ${query.cells.threshold}`);
  }
}

/** The sites of each key the statement sums, where they are named (an operator's breakdown row names none). */
const keySiteSets = (query: PeriodTotalsQuery): (readonly string[])[] => [
  query.sites,
  ...(query.groups ?? []).map((g) => g.sites),
  ...(query.by === "site" ? query.sites.map((site) => [site]) : []),
];

/** The statement's parameters for `cells`: each site's area as a number, 1 for the first area named. */
export function cellParams(cells: CellQuery): Record<string, unknown> {
  const areas = [...new Set(cells.areas)];
  return { cell_sites: cells.sites, cell_areas: cells.areas.map((area) => areas.indexOf(area) + 1), self: cells.self, threshold: cells.threshold };
}

/** Looks up the totals of period `index` (in query order) for `key` ('' the scope's). */
export type TotalsOf = (index: number, key?: string) => PeriodTotals;

export async function periodTotals(warehouse: Warehouse, query: PeriodTotalsQuery): Promise<TotalsOf> {
  const runs = query.periods.flat();
  const groups = query.groups ?? [];
  checkQuery(query);
  const gathered = query.cells && (!query.cells.wholeAreasOnly || keySiteSets(query).some(wholeAreasOf(query.cells))) ? query.cells : null;
  const byKey = new Map<string, Map<number, DayFigures>>();
  if (query.sites.length > 0 && runs.length > 0) {
    const span = oneRun(runs);
    const cutoffs = query.cutoffs ?? [];
    const sql = periodTotalsSql({
      by: query.by,
      groups: groups.length > 0,
      cut: cutoffs.length > 0,
      span,
      cells: gathered !== null,
      leaveOutSelf: gathered?.self !== "",
    });
    const bounds = runs.flatMap((run) => [run.start, run.end]).sort();
    const params = {
      sites: [...query.sites],
      ...(span ? { first: bounds[0], last: bounds[bounds.length - 1] } : { dates: [...new Set(runs.flatMap((run) => eachDate(run.start, run.end)))] }),
      group_keys: groups.flatMap((g) => g.sites.map(() => g.key)),
      group_sites: groups.flatMap((g) => g.sites),
      cut_dates: cutoffs.map((c) => c.date),
      cut_before: cutoffs.map((c) => c.before),
      ...(gathered && cellParams(gathered)),
    };
    const [row] = await warehouse.query(sql, params, daysRow);
    row?.days.forEach((day, i) => {
      const key = row.keys[i]!;
      const days = byKey.get(key) ?? new Map<number, DayFigures>();
      byKey.set(key, days);
      days.set(day, { visitors: row.visitors[i]!, revenue_fen: row.revenue_fen[i]!, unsafe_cells: row.unsafe_cells[i]!, other_cells: row.other_cells[i]! });
    });
  }
  const groupSites = new Map(groups.map((g) => [g.key, g.sites]));
  // A breakdown row per operator sums the scope's sites that operator sold at, which the statement does not name.
  const keySites = (key: string) => (key === "" ? query.sites : (groupSites.get(key) ?? (query.by === "site" ? [key] : null)));
  const cutDates = new Set((query.cutoffs ?? []).map((c) => c.date));
  const partial = (period: Period) =>
    period.some((run) => (query.today !== undefined && run.end >= query.today) || [...cutDates].some((d) => d >= run.start && d <= run.end));
  return (index, key = "") => {
    const period = query.periods[index];
    if (!period) throw new RangeError(`no period ${index} in this query`);
    const { visitors, revenue_fen, unsafe_cells, other_cells, missing_dates, peak } = sumPeriod(byKey.get(key), period);
    const cells = noCells(keySites(key), partial(period));
    return { visitors, revenue_fen, cells: peak ? { ...cells, unsafeCells: unsafe_cells, otherCells: other_cells } : cells, missing_dates, peak };
  };
}
