import { type Access, authorize, visibleRegister } from "../access/access.ts";
import { daysBetween } from "../../transforms/calendar/dates.ts";
import { cagr, percentChange } from "../metrics/change.ts";
import { type ReportClock, type ReportContext, systemClock, todayBy } from "./context.ts";
import { ParamError } from "../access/param-error.ts";
import { type GrowthParamsInput, scopeParam } from "./params.ts";
import { spanFigures } from "./period-figures.ts";
import { periodTotals } from "./period-totals.ts";
import type { GrowthReport, GrowthYear, YearFigures } from "./schemas.ts";
import { resolveScope } from "../access/scope.ts";
import { scopeLabel } from "./scope-label.ts";

export type { GrowthReport };

/** Both complete, and both revenues shown: otherwise the change is not stated (it would give a withheld one away). */
function change(a: YearFigures | undefined, b: YearFigures | undefined, measure: "visitors" | "revenue_fen"): number | null {
  if (!a || !b || !a.complete || !b.complete) return null;
  const x = a[measure];
  const y = b[measure];
  return x === null || y === null ? null : percentChange(x, y);
}

/** Per-year totals with year-on-year and against-baseline changes, and the CAGR over the span. */
export async function growthReport(ctx: ReportContext, access: Access, params: GrowthParamsInput, now: ReportClock = systemClock): Promise<GrowthReport> {
  if (params.from_year > params.to_year) throw new ParamError("to_year", `expected a year ≥ from_year (${params.from_year}), got "${params.to_year}"`);
  const scope = resolveScope(ctx.register, scopeParam(params), visibleRegister(ctx.register, access), ctx.naming.alliance);
  const grant = authorize(access, ctx.register, scope);
  const first = Math.min(params.from_year - 1, params.baseline ?? Infinity);
  const last = Math.max(params.to_year, params.baseline ?? -Infinity);
  const yearSpan = (year: number) => ({ start: `${year}-01-01`, end: `${year}-12-31` });
  // Period i is year first + i.
  const totals = await periodTotals(ctx.warehouse, {
    periods: Array.from({ length: last - first + 1 }, (_, i) => [yearSpan(first + i)]),
    sites: scope.sites.map((s) => s.site_id),
    cells: grant.cells,
    today: todayBy(now),
  });

  const yearFigures = (year: number): YearFigures => {
    const span = yearSpan(year);
    const yearTotals = totals(year - first);
    const missing = yearTotals.missing_dates.length;
    return { year, ...spanFigures(yearTotals, daysBetween(span.start, span.end), grant), complete: missing === 0, missing_days: missing };
  };
  const baseline = params.baseline === undefined ? null : yearFigures(params.baseline);
  let before = yearFigures(params.from_year - 1);
  const years: GrowthYear[] = [];
  for (let year = params.from_year; year <= params.to_year; year++) {
    const figures = yearFigures(year);
    years.push({
      ...figures,
      visitors_yoy_pct: change(figures, before, "visitors"),
      revenue_yoy_pct: change(figures, before, "revenue_fen"),
      visitors_vs_baseline_pct: baseline ? change(figures, baseline, "visitors") : null,
      revenue_vs_baseline_pct: baseline ? change(figures, baseline, "revenue_fen") : null,
    });
    before = figures;
  }
  const start = years[0]!;
  const end = years[years.length - 1]!;
  const span = params.to_year - params.from_year;
  const both = start.complete && end.complete;
  return {
    report: "growth",
    from_year: params.from_year,
    to_year: params.to_year,
    scope: scopeLabel(scope),
    revenue_withheld: [...years, ...(baseline ? [baseline] : [])].some((y) => y.revenue_withheld),
    years,
    baseline,
    cagr: {
      years: span,
      visitors_pct: both && start.visitors !== null && end.visitors !== null ? cagr(start.visitors, end.visitors, span) : null,
      revenue_pct: both && start.revenue_fen !== null && end.revenue_fen !== null ? cagr(start.revenue_fen, end.revenue_fen, span) : null,
    },
  };
}
