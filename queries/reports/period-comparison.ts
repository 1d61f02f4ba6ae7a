import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { Register } from "../../transforms/register/register.ts";
import type { Grant } from "../access/access.ts";
import type { Span } from "../metrics/periods.ts";
import { type Breakdown, type DailyFigure, dailyFigures } from "./daily-figures.ts";
import { byDate, periodChange, periodFigures } from "./period-figures.ts";
import type { BaselineFigures, BreakdownRow, Comparison } from "./schemas.ts";
import type { ResolvedScope } from "./scope.ts";

/** This year's period, last year's and optionally a baseline year's, each with its own dates (ordered runs). */
export interface ComparedSpans {
  current: Span[];
  previous: Span[] | null;
  baseline: { year: number; parts: Span[] } | null;
}

/** Sums the per-key rows of each date into one row per date (the scope's total). */
export function totalPerDate(rows: readonly DailyFigure[]): Map<string, DailyFigure> {
  const out = new Map<string, DailyFigure>();
  for (const row of rows) {
    const sum = out.get(row.date);
    if (!sum) out.set(row.date, { ...row, key: "", contributors: [...row.contributors] });
    else {
      sum.visitors += row.visitors;
      sum.revenue_fen += row.revenue_fen;
      sum.footfall_events += row.footfall_events;
      sum.ticket_events += row.ticket_events;
      sum.contributors.push(...row.contributors);
    }
  }
  return out;
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
  by?: Breakdown,
): Promise<Comparison> {
  const sites = scope.sites.map((s) => s.site_id);
  const rows = await dailyFigures(warehouse, { spans: [...spans.current, ...(spans.previous ?? []), ...(spans.baseline?.parts ?? [])], sites, by });
  const totals = totalPerDate(rows);

  const current = periodFigures(spans.current, totals, grant);
  const previous = spans.previous ? periodFigures(spans.previous, totals, grant) : null;
  let baseline: BaselineFigures | null = null;
  if (spans.baseline) {
    const figures = periodFigures(spans.baseline.parts, totals, grant);
    baseline = { year: spans.baseline.year, ...figures, change: periodChange(current, figures) };
  }

  let breakdown: BreakdownRow[] | null = null;
  if (by) {
    breakdown = breakdownKeys(register, scope, by).map((key) => {
      const own = byDate(rows.filter((r) => r.key === key.id));
      const cur = periodFigures(spans.current, own, grant);
      const prev = spans.previous ? periodFigures(spans.previous, own, grant) : null;
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
