import { z } from "zod";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { eventKindNames, eventKinds } from "../../ingest/kinds/registry.ts";
import { dayNumber, daysBetween, eachDate } from "../../transforms/calendar/dates.ts";
import type { Span } from "../metrics/periods.ts";

export type Breakdown = "site" | "operator";

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
  /** Whether to gather the contributing operators: only the disclosure rule reads them, and gathering costs most of the statement. */
  contributors: boolean;
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
  /** Operators with sales or refunds on some day of the period (empty unless asked for). */
  contributors: Set<string>;
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
  contributors: z.array(z.string()),
});

/** Fixed SQL fragments per breakdown; never built from input. */
const keyColumn = { none: "''", site: "site_id", operator: "operator_id" } as const;

/**
 * Every report's figures come from here, in three steps:
 * 1. per kind of event, what it contributes each day (see its dailyFigures), grouped by and
 *    filtered on projection keys only, with sums of MATERIALIZED measures, so ClickHouse answers
 *    from the kinds' daily projections instead of the raw rows;
 * 2. one row per day with events and key: '' for the scope, a site / operator of the breakdown, a
 *    group's key. A day without a row had no events at all, which is how a missing day is told;
 * 3. each day joined to the periods holding it (a period is runs of dates, passed as parameters) and
 *    summed per period and key: visitors, revenue, the days with data, the peak day (most visitors,
 *    the earliest on a tie) and the contributors' union (a kind that names revenue operators gives
 *    them per day; a period's are the union over its days, which a per-day count could not give).
 * `span`: the periods' dates form one run, read as a range; otherwise as a list of dates.
 * The runs come as one JSON string (see runsJson), parsed as the statement runs (materialize keeps
 * the planner from folding it): a trend has hundreds of runs, which as arrays of dates the engine
 * parses and folds while planning, a few ms of a one-year daily trend.
 */
export function periodTotalsSql(options: { by?: Breakdown; groups?: boolean; cut?: boolean; span?: boolean; contributors?: boolean } = {}): string {
  const { by, groups = false, cut = false, span = false, contributors = true } = options;
  const key = keyColumn[by ?? (groups ? "site" : "none")];
  // A cut-off filters on occurred_at, which the projections do not hold: those reads scan raw rows.
  const cutoff = cut
    ? " AND (indexOf({cut_dates:Array(Date)}, local_date) = 0 OR occurred_at < arrayElement({cut_before:Array(DateTime64(3, 'UTC'))}, indexOf({cut_dates:Array(Date)}, local_date)))"
    : "";
  const dates = span ? "local_date BETWEEN {first:Date} AND {last:Date}" : "local_date IN {dates:Array(Date)}";
  const where = `${dates} AND site_id IN {sites:Array(String)}${cutoff}`;
  const inner = eventKindNames.map((kind) => {
    const { table, dailyFigures: figures } = eventKinds[kind];
    const operators = contributors && figures.revenueOperators ? figures.revenueOperators : "CAST([], 'Array(String)')";
    return `    SELECT local_date, ${key} AS k, ${figures.visitors ?? "toUInt64(0)"} AS v, ${figures.revenueFen ?? "toInt64(0)"} AS r, ${operators} AS c
    FROM ${table} WHERE ${where} GROUP BY local_date${key === keyColumn.none ? "" : ", k"}`;
  });
  const extraKeys = [...(by ? ["[k]"] : []), ...(groups ? ["arrayFilter((g, s) -> s = k, {group_keys:Array(String)}, {group_sites:Array(String)})"] : [])];
  const dayKey = extraKeys.length === 0 ? "''" : `arrayJoin(arrayConcat([''], ${extraKeys.join(", ")}))`;
  return `
SELECT period, key, sum(v) AS visitors, sum(r) AS revenue_fen, count() AS days_with_data,
       if(days_with_data < any(period_days), arraySort(groupArray(toString(local_date))), []) AS dates_with_data,
       toString(argMin(local_date, (-toInt64(v), local_date))) AS peak_date, max(v) AS peak_visitors,
       arraySort(groupUniqArrayArray(c)) AS contributors
FROM (
  SELECT local_date, ${dayKey} AS key, sum(v) AS v, sum(r) AS r, groupUniqArrayArray(c) AS c
  FROM (
${inner.join("\n    UNION ALL\n")}
  )
  GROUP BY local_date, key
) AS day
INNER JOIN (
  SELECT run.period AS period, run.days AS period_days, arrayJoin(arrayMap(d -> run.first + d, range(toUInt32(run.last - run.first) + 1))) AS local_date
  FROM (SELECT arrayJoin(JSONExtract(materialize({runs:String}), 'Array(Tuple(period UInt32, first Date, last Date, days UInt32))')) AS run)
) AS period_day USING local_date
GROUP BY period, key
ORDER BY period, key`;
}

const periodDays = (period: Period) => period.reduce((sum, run) => sum + daysBetween(run.start, run.end), 0);

/** Each run of dates as [its period's index, first date, last date, the period's number of days], in JSON. */
export function runsJson(periods: readonly Period[]): string {
  return JSON.stringify(periods.flatMap((runs, period) => runs.map((run) => [period, run.start, run.end, periodDays(runs)])));
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
    const sql = periodTotalsSql({ by: query.by, groups: groups.length > 0, cut: cutoffs.length > 0, span, contributors: query.contributors });
    const bounds = runs.flatMap((run) => [run.start, run.end]).sort();
    const params = {
      sites: [...query.sites],
      ...(span ? { first: bounds[0], last: bounds[bounds.length - 1] } : { dates: [...new Set(runs.flatMap((run) => eachDate(run.start, run.end)))] }),
      runs: runsJson(query.periods),
      group_keys: groups.flatMap((g) => g.sites.map(() => g.key)),
      group_sites: groups.flatMap((g) => g.sites),
      cut_dates: cutoffs.map((c) => c.date),
      cut_before: cutoffs.map((c) => c.before),
    };
    for (const row of await warehouse.query(sql, params, totalsRow)) found.set(`${row.period}\n${row.key}`, row);
  }
  return (index, key = "") => {
    const period = query.periods[index];
    if (!period) throw new RangeError(`no period ${index} in this query`);
    const row = found.get(`${index}\n${key}`);
    const present = new Set(row?.dates_with_data);
    return {
      visitors: row?.visitors ?? 0,
      revenue_fen: row?.revenue_fen ?? 0,
      contributors: new Set(row?.contributors),
      missing_dates:
        row && row.days_with_data === periodDays(period) ? [] : period.flatMap((run) => eachDate(run.start, run.end)).filter((d) => !present.has(d)),
      peak: row ? { date: row.peak_date, visitors: row.peak_visitors } : null,
    };
  };
}
