import { z } from "zod";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { eventKindNames, eventKinds } from "../../ingest/kinds/registry.ts";
import { dayNumber, daysBetween, eachDate } from "../../transforms/calendar/dates.ts";
import type { Span } from "../metrics/periods.ts";
import { type CellQuery, type FigureCells, noCells } from "../access/disclosure.ts";
import type { Breakdown } from "../access/scope.ts";

/** A figure's dates: ordered, disjoint runs (a merged holiday has two; none for a figure without dates). */
export type Period = readonly Span[];

/** Extra keys, each summing a set of sites (a bulletin's towns); keys must differ from site ids. */
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
  /** What to gather of each figure's cells for the disclosure rule (null: nothing, which spares most of the statement's cost). */
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

const totalsRow = z.object({
  period: z.number().int(),
  key: z.string(),
  visitors: int64,
  revenue_fen: int64,
  days_with_data: int64,
  /** Listed only when some day of the period has no data: the missing days are the others. */
  dates_with_data: z.array(date),
  peak_date: date,
  peak_visitors: int64,
  unsafe_cells: int64,
  other_cells: int64,
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
 * 3. each day taken into the periods whose runs of dates hold it (runs passed as day numbers, see
 *    runParams; an array join, which plans and runs in less time than a join to a table of the
 *    periods' days) and summed per period and key: visitors, revenue, the days with data, the
 *    peak day (most visitors, the earliest on a tie) and the cell counts.
 * `span`: the periods' dates form one run, read as a range; otherwise as a list of dates.
 */
export function periodTotalsSql(options: { by?: Breakdown; groups?: boolean; cut?: boolean; span?: boolean; cells?: boolean } = {}): string {
  const { by, groups = false, cut = false, span = false, cells = true } = options;
  const key = keyColumn[by ?? (groups ? "site" : "none")];
  // A cut-off filters on occurred_at, which the projections do not hold: those reads scan raw rows.
  const cutoff = cut
    ? " AND (indexOf({cut_dates:Array(Date)}, local_date) = 0 OR occurred_at < arrayElement({cut_before:Array(DateTime64(3, 'UTC'))}, indexOf({cut_dates:Array(Date)}, local_date)))"
    : "";
  const dates = span ? "local_date BETWEEN {first:Date} AND {last:Date}" : "local_date IN {dates:Array(Date)}";
  const where = `${dates} AND site_id IN {sites:Array(String)}${cutoff}`;
  const inner = eventKindNames.map((kind) => {
    const { table, dailyFigures: figures } = eventKinds[kind];
    // Only a kind that names revenue operators is split by area; the others' rows join area ''.
    const split = cells && figures.revenueOperators !== undefined;
    const operators = split ? figures.revenueOperators : "CAST([], 'Array(String)')";
    const area = split ? "transform(site_id, {cell_sites:Array(String)}, {cell_areas:Array(String)}, '')" : "''";
    const groupBy = ["local_date", ...(key === keyColumn.none ? [] : ["k"]), ...(split ? ["a"] : [])];
    return `      SELECT local_date, ${key} AS k, ${area} AS a, ${figures.visitors ?? "toUInt64(0)"} AS v, ${figures.revenueFen ?? "toInt64(0)"} AS r, ${operators} AS c
      FROM ${table} WHERE ${where} GROUP BY ${groupBy.join(", ")}`;
  });
  const extraKeys = [...(by ? ["[k]"] : []), ...(groups ? ["arrayFilter((g, s) -> s = k, {group_keys:Array(String)}, {group_sites:Array(String)})"] : [])];
  const dayKey = extraKeys.length === 0 ? "''" : `arrayJoin(arrayConcat([''], ${extraKeys.join(", ")}))`;
  const events = inner.join("\n      UNION ALL\n");
  const day = cells
    ? `
  SELECT local_date, key, sum(v) AS v, sum(r) AS r, countIf(n BETWEEN 1 AND {threshold:UInt32} - 1) AS unsafe, countIf(n > 0) AS others
  FROM (
    SELECT local_date, ${dayKey} AS key, a, sum(v) AS v, sum(r) AS r, length(arrayFilter(o -> o != {self:String}, groupUniqArrayArray(c))) AS n
    FROM (
${events}
    )
    GROUP BY local_date, key, a
  )
  GROUP BY local_date, key`
    : `
  SELECT local_date, ${dayKey} AS key, sum(v) AS v, sum(r) AS r, toUInt64(0) AS unsafe, toUInt64(0) AS others
  FROM (
${events}
  )
  GROUP BY local_date, key`;
  return `
SELECT period, key, sum(v) AS visitors, sum(r) AS revenue_fen, count() AS days_with_data,
       if(days_with_data < JSONExtract({period_days:String}, 'Array(UInt32)')[period + 1], arraySort(groupArray(toString(local_date))), []) AS dates_with_data,
       toString(argMin(local_date, (-toInt64(v), local_date))) AS peak_date, max(v) AS peak_visitors,
       sum(unsafe) AS unsafe_cells, sum(others) AS other_cells
FROM (${day}
) AS day
ARRAY JOIN JSONExtract({day_periods:String}, 'Array(Array(UInt32))')[toUInt16(local_date) - {first_day:UInt16} + 1] AS period
GROUP BY period, key
ORDER BY period, key`;
}

const periodDays = (period: Period) => period.reduce((sum, run) => sum + daysBetween(run.start, run.end), 0);

/**
 * The periods as statement parameters, in JSON (the engine reads a JSON text in a fraction of the
 * time it takes to read a long array parameter): for each day from the periods' first day
 * (`first_day`, days since 1970-01-01, as a Date is stored) to their last, the indexes of the
 * periods holding it; and each period's number of days.
 */
export function runParams(periods: readonly Period[]): { first_day: number; day_periods: string; period_days: string } {
  const runs = periods.flatMap((runs, period) => runs.map((run) => ({ period, first: dayNumber(run.start), last: dayNumber(run.end) })));
  const firstDay = Math.min(...runs.map((run) => run.first));
  const dayPeriods: number[][] = Array.from({ length: Math.max(...runs.map((run) => run.last)) - firstDay + 1 }, () => []);
  for (const run of runs) for (let day = run.first; day <= run.last; day++) dayPeriods[day - firstDay]!.push(run.period);
  return { first_day: firstDay, day_periods: JSON.stringify(dayPeriods), period_days: JSON.stringify(periods.map(periodDays)) };
}

/** Whether sorted runs of dates leave no day out between the first and the last. */
function oneRun(runs: readonly Span[]): boolean {
  let end = Number.NEGATIVE_INFINITY;
  for (const run of [...runs].sort((a, b) => a.start.localeCompare(b.start))) {
    if (end !== Number.NEGATIVE_INFINITY && dayNumber(run.start) > end + 1) return false;
    end = Math.max(end, dayNumber(run.end));
  }
  return true;
}

/** Looks up the totals of period `index` (in query order) for `key` ('' the scope's). */
export type TotalsOf = (index: number, key?: string) => PeriodTotals;

export async function periodTotals(warehouse: Warehouse, query: PeriodTotalsQuery): Promise<TotalsOf> {
  const runs = query.periods.flatMap((runs, period) => runs.map((run) => ({ ...run, period })));
  const groups = query.groups ?? [];
  const found = new Map<string, z.infer<typeof totalsRow>>();
  if (query.sites.length > 0 && runs.length > 0) {
    const span = oneRun(runs);
    const cutoffs = query.cutoffs ?? [];
    const sql = periodTotalsSql({ by: query.by, groups: groups.length > 0, cut: cutoffs.length > 0, span, cells: query.cells !== null });
    const bounds = runs.flatMap((run) => [run.start, run.end]).sort();
    const params = {
      sites: [...query.sites],
      ...(span ? { first: bounds[0], last: bounds[bounds.length - 1] } : { dates: [...new Set(runs.flatMap((run) => eachDate(run.start, run.end)))] }),
      ...runParams(query.periods),
      group_keys: groups.flatMap((g) => g.sites.map(() => g.key)),
      group_sites: groups.flatMap((g) => g.sites),
      cut_dates: cutoffs.map((c) => c.date),
      cut_before: cutoffs.map((c) => c.before),
      ...(query.cells && { cell_sites: query.cells.sites, cell_areas: query.cells.areas, self: query.cells.self, threshold: query.cells.threshold }),
    };
    for (const row of await warehouse.query(sql, params, totalsRow)) found.set(`${row.period}\n${row.key}`, row);
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
    const row = found.get(`${index}\n${key}`);
    const present = new Set(row?.dates_with_data);
    const cells = noCells(keySites(key), partial(period));
    return {
      visitors: row?.visitors ?? 0,
      revenue_fen: row?.revenue_fen ?? 0,
      cells: row ? { ...cells, unsafeCells: row.unsafe_cells, otherCells: row.other_cells } : cells,
      missing_dates:
        row && row.days_with_data === periodDays(period) ? [] : period.flatMap((run) => eachDate(run.start, run.end)).filter((d) => !present.has(d)),
      peak: row ? { date: row.peak_date, visitors: row.peak_visitors } : null,
    };
  };
}
