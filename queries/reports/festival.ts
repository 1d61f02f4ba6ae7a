import { festivalEdition } from "../../transforms/calendar/festivals.ts";
import type { Site } from "../../transforms/register/register.ts";
import { type Access, authorize, visibleFestivals, visibleRegister } from "../access/access.ts";
import { type ReportClock, type ReportContext, systemClock, todayBy } from "./context.ts";
import { ParamError } from "../access/param-error.ts";
import type { FestivalParamsInput } from "./params.ts";
import { scopeParam } from "./params.ts";
import { comparePeriods } from "./period-comparison.ts";
import type { FestivalReport } from "./schemas.ts";
import { resolveScope } from "../access/scope.ts";
import { latestWithData } from "./latest-with-data.ts";
import { scopeLabel } from "./scope-label.ts";

export type { FestivalReport };

/**
 * The festival and year asked for; what is not given is that of the latest edition with data at
 * the festival's sites within the scope (of the festival asked for, or in the year asked for).
 */
async function chosenEdition(
  ctx: ReportContext,
  access: Access,
  params: FestivalParamsInput,
  scopeSites: readonly Site[],
  today: string,
): Promise<{ festival: string; year: number }> {
  if (params.festival !== undefined && params.year !== undefined) return { festival: params.festival, year: params.year };
  const inScope = new Set(scopeSites.map((s) => s.site_id));
  const editions = visibleFestivals(ctx.festivals, ctx.register, access)
    .filter((f) => params.festival === undefined || f.festival_id === params.festival)
    .flatMap((f) =>
      f.editions
        .filter((e) => params.year === undefined || e.year === params.year)
        .map((e) => ({ festival: f.festival_id, year: e.year, span: { start: e.start, end: e.end }, sites: f.site_ids.filter((id) => inScope.has(id)) })),
    );
  const found = await latestWithData(ctx.warehouse, editions, today);
  if (found === null) {
    const param = params.festival === undefined ? "festival" : "year";
    throw new ParamError(param, `required: no ${params.festival ?? "festival"} edition${params.year ? ` in ${params.year}` : ""} has data yet in this scope`);
  }
  return editions[found]!;
}

/**
 * A festival edition against last year's, over the festival's sites within the scope. The
 * headline is the single-day peak year on year, one day against one day whatever the editions'
 * lengths (whole_period_yoy.peak_day_visitors_pct); totals compare on the comparable basis (yoy).
 */
export async function festivalReport(ctx: ReportContext, access: Access, params: FestivalParamsInput, now: ReportClock = systemClock): Promise<FestivalReport> {
  const requested = resolveScope(ctx.register, scopeParam(params), visibleRegister(ctx.register, access), ctx.naming.alliance);
  authorize(access, ctx.register, requested, params.by); // refuse before saying anything about the scope's sites
  const chosen = await chosenEdition(ctx, access, params, requested.sites, todayBy(now));
  const festival = ctx.festivals.find((f) => f.festival_id === chosen.festival);
  if (!festival)
    throw new ParamError("festival", `expected one of ${ctx.festivals.map((f) => f.festival_id).join("|")}, got ${JSON.stringify(chosen.festival)}`);
  const edition = (year: number, param: string) => {
    const found = festivalEdition(ctx.festivals, festival.festival_id, year);
    if (!found) throw new ParamError(param, `${festival.festival_id} has editions in ${festival.editions.map((e) => e.year).join(", ")}, not ${year}`);
    return found;
  };
  const current = edition(chosen.year, "year");
  const previous = festivalEdition(ctx.festivals, festival.festival_id, chosen.year - 1);
  const baseline = params.baseline === undefined ? null : edition(params.baseline, "baseline");

  const festivalSites = new Set(festival.site_ids);
  const scope = { ...requested, sites: requested.sites.filter((s) => festivalSites.has(s.site_id)) };
  if (scope.sites.length === 0) {
    const listed = visibleFestivals([festival], ctx.register, access)[0]!.site_ids;
    throw new ParamError(
      requested.kind,
      `${requested.id} has no site in ${festival.festival_id} (${listed.length > 0 ? `sites: ${listed.join(", ")}` : "none of your sites"})`,
    );
  }
  const grant = authorize(access, ctx.register, scope, params.by);

  const comparison = await comparePeriods(
    ctx.warehouse,
    ctx.register,
    scope,
    grant,
    {
      current: [{ start: current.start, end: current.end }],
      previous: previous ? [{ start: previous.start, end: previous.end }] : null,
      baseline: baseline && params.baseline !== undefined ? { year: params.baseline, parts: [{ start: baseline.start, end: baseline.end }] } : null,
    },
    { by: params.by, top: params.top, today: todayBy(now) },
  );
  return {
    report: "festival",
    festival: festival.festival_id,
    name_zh: festival.name_zh,
    name_en: festival.name_en,
    year: chosen.year,
    scope: scopeLabel(scope),
    ...comparison,
  };
}
