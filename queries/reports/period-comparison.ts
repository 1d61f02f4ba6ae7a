import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { Register } from "../../transforms/register/register.ts";
import type { Grant } from "../access/access.ts";
import type { Span } from "../metrics/periods.ts";
import { periodChange, periodFigures } from "./period-figures.ts";
import { periodTotals } from "./period-totals.ts";
import type { BaselineFigures, BreakdownRow, Comparison } from "./schemas.ts";
import type { Breakdown, ResolvedScope } from "../access/scope.ts";

/** This year's period, last year's and optionally a baseline year's, each with its own dates (ordered runs). */
export interface ComparedSpans {
  current: Span[];
  previous: Span[] | null;
  baseline: { year: number; parts: Span[] } | null;
}

function breakdownKeys(register: Register, scope: ResolvedScope, by: Breakdown): { id: string; name_zh: string; name_en: string }[] {
  if (by === "site") return scope.sites.map((s) => ({ id: s.site_id, name_zh: s.name_zh, name_en: s.name_en }));
  const ids = new Set(scope.sites.map((s) => s.operator_id));
  return register.operators.filter((o) => ids.has(o.operator_id)).map((o) => ({ id: o.operator_id, name_zh: o.name_zh, name_en: o.name_en }));
}

/** Holiday and festival reports: the figures of each span for the scope, and the changes between them. */
export async function comparePeriods(
  warehouse: Warehouse,
  register: Register,
  scope: ResolvedScope,
  grant: Grant,
  spans: ComparedSpans,
  by: Breakdown | undefined,
  today: string,
): Promise<Comparison> {
  const sites = scope.sites.map((s) => s.site_id);
  // Periods: 0 this year's, 1 last year's, 2 the baseline's (no dates when not asked for).
  const totals = await periodTotals(warehouse, {
    periods: [spans.current, spans.previous ?? [], spans.baseline?.parts ?? []],
    sites,
    by,
    cells: grant.cells,
    today,
  });

  const current = periodFigures(spans.current, totals(0), grant);
  const previous = spans.previous ? periodFigures(spans.previous, totals(1), grant) : null;
  let baseline: BaselineFigures | null = null;
  if (spans.baseline) {
    const figures = periodFigures(spans.baseline.parts, totals(2), grant);
    baseline = { year: spans.baseline.year, ...figures, change: periodChange(current, figures) };
  }

  let breakdown: BreakdownRow[] | null = null;
  if (by) {
    breakdown = breakdownKeys(register, scope, by).map((key) => {
      const cur = periodFigures(spans.current, totals(0, key.id), grant);
      const prev = spans.previous ? periodFigures(spans.previous, totals(1, key.id), grant) : null;
      return { ...key, current: cur, previous: prev, yoy: periodChange(cur, prev) };
    });
  }
  const figures = [current, previous, baseline, ...(breakdown ?? []).flatMap((row) => [row.current, row.previous])];
  return {
    comparable: previous !== null && previous.days === current.days,
    current,
    previous,
    yoy: periodChange(current, previous),
    baseline,
    by: by ?? null,
    breakdown,
    revenue_withheld: figures.some((f) => f?.revenue_withheld === true),
  };
}
