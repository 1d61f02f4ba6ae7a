import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { Register } from "../../transforms/register/register.ts";
import type { Grant } from "../access/access.ts";
import type { Breakdown, ResolvedScope } from "../access/scope.ts";
import { type ComparableDays, comparableDays } from "../metrics/comparable.ts";
import type { Span } from "../metrics/periods.ts";
import { periodChange, periodFigures, recovery } from "./period-figures.ts";
import { type SiteGroup, periodTotals } from "./period-totals.ts";
import type { BaselineFigures, BreakdownRow, Comparison, PeriodFigures, TownSubtotal } from "./schemas.ts";

/** This year's period, last year's and optionally a baseline year's, each with its own dates (ordered runs). */
export interface ComparedSpans {
  current: Span[];
  previous: Span[] | null;
  baseline: { year: number; parts: Span[] } | null;
}

export interface ComparisonOptions {
  by?: Breakdown | undefined;
  /** Keep the first `top` rows of the ranked breakdown. */
  top?: number | undefined;
  /** The local date today: while this year's period runs, only its days so far are compared. */
  today: string;
}

interface Key {
  id: string;
  name_zh: string;
  name_en: string;
  town_id: string | null;
}

function breakdownKeys(register: Register, scope: ResolvedScope, by: Breakdown): Key[] {
  if (by === "site") return scope.sites.map((s) => ({ id: s.site_id, name_zh: s.name_zh, name_en: s.name_en, town_id: s.town_id }));
  const ids = new Set(scope.sites.map((s) => s.operator_id));
  return register.operators.filter((o) => ids.has(o.operator_id)).map((o) => ({ id: o.operator_id, name_zh: o.name_zh, name_en: o.name_en, town_id: null }));
}

/** A town's key among the totals: ids hold no ':', so it differs from every site id. */
const townKey = (townId: string) => `town:${townId}`;

const sameRuns = (a: readonly Span[], b: readonly Span[]) => a.length === b.length && a.every((run, i) => run.start === b[i]!.start && run.end === b[i]!.end);

/** The statement's periods, each set of runs once: a comparable span equal to a whole period is read once. */
function periodSlots() {
  const periods: Span[][] = [];
  const slot = (parts: readonly Span[]): number => {
    const found = periods.findIndex((p) => sameRuns(p, parts));
    if (found >= 0) return found;
    periods.push([...parts]);
    return periods.length - 1;
  };
  return { periods, slot };
}

/** Most visitors first; a line without data last; ties by id. */
const byVisitors = (a: { id: string; current: PeriodFigures }, b: { id: string; current: PeriodFigures }) =>
  (b.current.visitors ?? -1) - (a.current.visitors ?? -1) || a.id.localeCompare(b.id);

/**
 * Holiday and festival reports: the figures of each span for the scope (and its breakdown), and
 * the changes between them. The year on year and the recovery against a baseline are on the
 * comparable basis (metrics/comparable.ts); whole periods' changes are the secondary figures.
 */
export async function comparePeriods(
  warehouse: Warehouse,
  register: Register,
  scope: ResolvedScope,
  grant: Grant,
  spans: ComparedSpans,
  options: ComparisonOptions,
): Promise<Comparison> {
  const { by, today } = options;
  const vsPrevious: ComparableDays | null = spans.previous ? comparableDays(spans.current, spans.previous, today) : null;
  const vsBaseline: ComparableDays | null = spans.baseline ? comparableDays(spans.current, spans.baseline.parts, today) : null;
  const { periods, slot } = periodSlots();
  for (const parts of [spans.current, spans.previous, spans.baseline?.parts, vsPrevious?.current, vsPrevious?.other, vsBaseline?.current, vsBaseline?.other]) {
    if (parts && parts.length > 0) slot(parts);
  }
  const towns =
    by === "site" ? register.towns.map((t) => ({ ...t, sites: scope.sites.filter((s) => s.town_id === t.town_id) })).filter((t) => t.sites.length > 0) : [];
  const groups: SiteGroup[] = towns.map((t) => ({ key: townKey(t.town_id), sites: t.sites.map((s) => s.site_id) }));
  const totals = await periodTotals(warehouse, { periods, sites: scope.sites.map((s) => s.site_id), by, groups, cells: grant.cells, today });

  const figuresOf = (parts: readonly Span[] | null | undefined, key: string): PeriodFigures | null =>
    parts && parts.length > 0 ? periodFigures(parts, totals(slot(parts), key), grant) : null;
  const line = (key: string) => {
    const current = figuresOf(spans.current, key)!;
    const previous = figuresOf(spans.previous, key);
    const basis = { current: figuresOf(vsPrevious?.current, key), previous: figuresOf(vsPrevious?.other, key) };
    const recovered =
      spans.baseline && vsBaseline
        ? recovery(figuresOf(vsBaseline.current, key), figuresOf(vsBaseline.other, key), spans.baseline.year, vsBaseline.days)
        : null;
    return {
      current,
      previous,
      basis,
      yoy: periodChange(basis.current, basis.previous),
      whole_period_yoy: periodChange(current, previous),
      recovery: recovered,
    };
  };

  const scopeLine = line("");
  let baseline: BaselineFigures | null = null;
  if (spans.baseline && vsBaseline) {
    const figures = figuresOf(spans.baseline.parts, "")!;
    const change = periodChange(figuresOf(vsBaseline.current, ""), figuresOf(vsBaseline.other, ""));
    baseline = { year: spans.baseline.year, ...figures, change, recovery: scopeLine.recovery! };
  }

  let breakdown: BreakdownRow[] | null = null;
  if (by) {
    const ranked = breakdownKeys(register, scope, by)
      .map((key) => {
        const { basis: _, ...figures } = line(key.id);
        return { id: key.id, name_zh: key.name_zh, name_en: key.name_en, ...figures, town_id: key.town_id };
      })
      .sort(byVisitors)
      .map((row, i) => ({ ...row, rank: i + 1 }));
    breakdown = options.top === undefined ? ranked : ranked.slice(0, options.top);
  }
  const subtotals: TownSubtotal[] | null =
    by === "site"
      ? towns
          .map((t) => {
            const { basis: _, ...figures } = line(townKey(t.town_id));
            return { id: t.town_id, name_zh: t.name_zh, name_en: t.name_en, ...figures };
          })
          .sort(byVisitors)
      : null;

  const figures = [
    scopeLine.current,
    scopeLine.previous,
    scopeLine.basis.current,
    scopeLine.basis.previous,
    baseline,
    ...[...(breakdown ?? []), ...(subtotals ?? [])].flatMap((row) => [row.current, row.previous]),
  ];
  return {
    comparable: scopeLine.previous !== null && scopeLine.previous.days === scopeLine.current.days,
    basis: {
      basis: "comparable",
      days: vsPrevious?.days ?? 0,
      current_days: vsPrevious?.currentDays ?? scopeLine.current.days,
      previous_days: vsPrevious?.otherDays ?? null,
      so_far: vsPrevious?.soFar ?? false,
      current: scopeLine.basis.current,
      previous: scopeLine.basis.previous,
    },
    current: scopeLine.current,
    previous: scopeLine.previous,
    yoy: scopeLine.yoy,
    whole_period_yoy: scopeLine.whole_period_yoy,
    baseline,
    by: by ?? null,
    breakdown,
    towns: subtotals,
    top: options.top ?? null,
    revenue_withheld: figures.some((f) => f?.revenue_withheld === true),
  };
}
