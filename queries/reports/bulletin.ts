import { DateTime } from "luxon";
import { siteZone } from "../../ingest/contracts/time.ts";
import { daysBetween } from "../../transforms/calendar/dates.ts";
import { type Access, type Grant, authorize, visibleRegister } from "../access/access.ts";
import { comparableDays } from "../metrics/comparable.ts";
import type { Span } from "../metrics/periods.ts";
import type { ReportContext } from "./context.ts";
import { holidaySpans } from "./holiday.ts";
import { ParamError } from "../access/param-error.ts";
import { type BulletinParamsInput, scopeParam } from "./params.ts";
import { periodChange, periodFigures, recovery } from "./period-figures.ts";
import { type Cutoff, type TotalsOf, periodTotals } from "./period-totals.ts";
import type { BulletinFigures, BulletinLine, BulletinNotCut, PeriodFigures } from "./schemas.ts";
import { recoveryYear } from "./schemas.ts";
import { sitesNotCut } from "./hour-cut.ts";
import { resolveScope } from "../access/scope.ts";
import { scopeLabel } from "./scope-label.ts";
import { bulletinTomorrow } from "./bulletin-tomorrow.ts";

/** How many sites a bulletin names. */
export const topSites = 5;

/** The instant `asOf` (HH:MM, 24:00 = the end of the day) on a local date, as ClickHouse reads DateTime64 in UTC. */
function instant(date: string, asOf: string): string {
  const [hour, minute] = asOf.split(":").map(Number) as [number, number];
  return DateTime.fromISO(`${date}T00:00`, { zone: siteZone }).plus({ hours: hour, minutes: minute }).toUTC().toFormat("yyyy-MM-dd HH:mm:ss.SSS");
}

function lastDate(spans: readonly Span[]): string {
  return spans[spans.length - 1]!.end;
}

interface Compared {
  current: Span[];
  /** This year's comparable days (the first compared_days). */
  comparedCurrent: Span[];
  previous: Span[] | null;
}

/** A town's key among the totals: ids hold no ':', so it differs from every site id. */
const townKey = (townId: string) => `town:${townId}`;

/** Which sites' days could not be cut at the hour, by cut-off date. */
type NotCut = Map<string, string[]>;

/** Figures that hold a day not cut at the hour at one of `sites` are incomplete: no change is computed from them. */
function cutCheck<F extends PeriodFigures | null>(figures: F, sites: readonly string[], notCut: NotCut): F {
  if (figures === null) return figures;
  const hit = [...notCut].some(([date, ids]) => date >= figures.start && date <= figures.end && ids.some((id) => sites.includes(id)));
  return hit ? { ...figures, complete: false } : figures;
}

/** One line's figures from the totals of `totalsKey` ('' the scope, a site id, a town's key) over `sites`; periods as bulletinFigures reads them. */
function line(
  key: { id: string; name_zh: string; name_en: string },
  totalsKey: string,
  sites: readonly string[],
  totals: TotalsOf,
  spans: Compared,
  grant: Grant,
  notCut: NotCut,
): BulletinLine {
  const current = cutCheck(periodFigures(spans.current, totals(0, totalsKey), grant), sites, notCut);
  const compared =
    spans.comparedCurrent === spans.current ? current : cutCheck(periodFigures(spans.comparedCurrent, totals(1, totalsKey), grant), sites, notCut);
  const previous = cutCheck(spans.previous ? periodFigures(spans.previous, totals(2, totalsKey), grant) : null, sites, notCut);
  return { ...key, current, previous, yoy: periodChange(compared, previous) };
}

/** The days not cut at the hour, naming the sites the caller may see and counting the others. */
function notCutLines(notCut: NotCut, visible: ReadonlyMap<string, { name_zh: string; name_en: string }>): BulletinNotCut[] {
  return [...notCut].map(([date, ids]) => ({
    date,
    sites: ids.filter((id) => visible.has(id)).map((id) => ({ id, ...visible.get(id)! })),
    other_sites: ids.filter((id) => !visible.has(id)).length,
  }));
}

function defaultDate(today: string, start: string, end: string): string {
  if (today < start) throw new ParamError("date", `the holiday runs ${start} to ${end} and has not begun; give a date in it`);
  return today > end ? end : today;
}

/** Builds the bulletin's figures; `today` (local date) is the default date while the holiday runs. */
export async function bulletinFigures(ctx: ReportContext, access: Access, params: BulletinParamsInput, today: string): Promise<BulletinFigures> {
  const scope = resolveScope(ctx.register, scopeParam(params), visibleRegister(ctx.register, access), ctx.naming.alliance);
  const grant = authorize(access, ctx.register, scope);
  const period = ctx.calendar.period(params.holiday, params.year);
  if (!period) throw new ParamError("year", `no ${params.holiday} holiday in ${params.year}`);
  const date = params.date ?? defaultDate(today, period.start, period.end);
  if (date < period.start || date > period.end)
    throw new ParamError("date", `expected a date from ${period.start} to ${period.end} (${period.name_zh} ${params.year}), got "${date}"`);
  const asOf = params.as_of ?? "24:00";
  const day = daysBetween(period.start, date);

  const lastYear = holidaySpans(ctx.calendar, params.holiday, params.year - 1);
  const holiday = [{ start: period.start, end: period.end }];
  // The comparable basis of every year on year (metrics/comparable.ts): day 1..k of both, k the shorter so far.
  const vsLastYear = lastYear ? comparableDays(holiday, lastYear, date) : null;
  const previousDays = vsLastYear?.otherDays ?? null;
  const comparedDays = vsLastYear?.days ?? day;
  const current = [{ start: period.start, end: date }];
  const spans: Compared = {
    current,
    comparedCurrent: comparedDays === day ? current : (vsLastYear?.current ?? current),
    previous: vsLastYear?.other ?? null,
  };
  const baseParts = params.year > recoveryYear ? holidaySpans(ctx.calendar, params.holiday, recoveryYear) : null;
  const vsBase = baseParts ? comparableDays(holiday, baseParts, date) : null;
  // A day cut at 24:00 is whole: no cut-off, so the statement reads the projections and the
  // disclosure rule sees whole days. Last year (and 2019) is cut at the same hour only when its compared days reach day N.
  const cutoffs: Cutoff[] = asOf === "24:00" ? [] : [{ date, before: instant(date, asOf) }];
  for (const [other, days] of [
    [spans.previous, comparedDays],
    [vsBase?.other ?? null, vsBase?.days ?? 0],
  ] as const) {
    if (asOf !== "24:00" && other && other.length > 0 && days === day) cutoffs.push({ date: lastDate(other), before: instant(lastDate(other), asOf) });
  }

  // Lines only for what the caller may open: an operator sees no town figures and only its own sites.
  const visible = visibleRegister(ctx.register, access);
  const lineTowns = scope.kind === "alliance" && access.role !== "operator" ? visible.towns : [];
  const townSites = (townId: string) => scope.sites.filter((s) => s.town_id === townId).map((s) => s.site_id);
  // Periods: 0 this year's days so far, 1 its compared days (no dates when they are all of them), 2 last year's,
  // 3 this year's days compared with 2019 (none when they are all of them), 4 2019's.
  const scopeSites = scope.sites.map((s) => s.site_id);
  const baseCurrent = vsBase && vsBase.days !== day ? vsBase.current : [];
  const [totals, notCut, tomorrow] = await Promise.all([
    periodTotals(ctx.warehouse, {
      periods: [current, spans.comparedCurrent === current ? [] : spans.comparedCurrent, spans.previous ?? [], baseCurrent, vsBase?.other ?? []],
      sites: scopeSites,
      by: "site",
      groups: lineTowns.map((t) => ({ key: townKey(t.town_id), sites: townSites(t.town_id) })),
      cutoffs,
      cells: grant.cells,
      today,
    }),
    sitesNotCut(ctx.warehouse, cutoffs, asOf, scope.sites),
    bulletinTomorrow(ctx, access, params, date),
  ]);
  const total = line({ id: scope.id ?? "alliance", name_zh: scope.name_zh, name_en: scope.name_en }, "", scopeSites, totals, spans, grant, notCut);
  const recovered =
    vsBase && vsBase.days > 0
      ? recovery(
          cutCheck(periodFigures(vsBase.days === day ? current : baseCurrent, totals(vsBase.days === day ? 0 : 3), grant), scopeSites, notCut),
          cutCheck(periodFigures(vsBase.other, totals(4), grant), scopeSites, notCut),
          recoveryYear,
          vsBase.days,
        )
      : null;
  const towns = lineTowns.map((t) =>
    line({ id: t.town_id, name_zh: t.name_zh, name_en: t.name_en }, townKey(t.town_id), townSites(t.town_id), totals, spans, grant, notCut),
  );
  const visibleSites = new Map(visible.sites.map((s) => [s.site_id, { name_zh: s.name_zh, name_en: s.name_en }]));
  const sites =
    scope.kind === "site"
      ? []
      : scope.sites
          .filter((s) => visibleSites.has(s.site_id))
          .map((s) => line({ id: s.site_id, name_zh: s.name_zh, name_en: s.name_en }, s.site_id, [s.site_id], totals, spans, grant, notCut))
          .filter((l) => (l.current.visitors ?? 0) > 0)
          .sort((a, b) => (b.current.visitors ?? 0) - (a.current.visitors ?? 0) || a.id.localeCompare(b.id))
          .slice(0, topSites);
  const figures = [total.current, total.previous, ...towns.map((t) => t.current), ...sites.map((s) => s.current)];
  return {
    report: "bulletin",
    holiday: params.holiday,
    holidays: [...period.keys],
    name_zh: period.name_zh,
    year: params.year,
    date,
    as_of: asOf,
    day,
    holiday_days: period.days,
    previous_holiday_days: previousDays,
    compared_days: comparedDays,
    comparable: previousDays === period.days,
    scope: scopeLabel(scope),
    current: total.current,
    previous: total.previous,
    yoy: total.yoy,
    recovery: recovered,
    towns,
    sites,
    revenue_withheld: figures.some((f) => f?.revenue_withheld === true),
    not_cut: notCutLines(notCut, visibleSites),
    office: ctx.naming.office,
    tomorrow,
  };
}
