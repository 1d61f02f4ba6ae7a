import { type HolidayKey, type HolidayPeriod, holidayPeriod, holidayPeriods } from "../../transforms/calendar/holidays.ts";
import { type Access, authorize, visibleRegister } from "../access/access.ts";
import type { Span } from "../metrics/periods.ts";
import type { ReportContext } from "./context.ts";
import { ParamError } from "./param-error.ts";
import type { HolidayParamsInput } from "./params.ts";
import { type Comparison, comparePeriods } from "./period-comparison.ts";
import { scopeParam } from "./params.ts";
import { type ScopeLabel, resolveScope, scopeLabel } from "./scope.ts";

export interface HolidayReport extends Comparison {
  report: "holiday";
  holiday: HolidayKey;
  /** Every holiday the period covers: two when Mid-Autumn and National Day merge. */
  holidays: HolidayKey[];
  name_zh: string;
  year: number;
  scope: ScopeLabel;
}

function calendarYears(): string {
  const years = holidayPeriods().map((p) => p.year);
  return `${Math.min(...years)}–${Math.max(...years)}`;
}

/**
 * The periods of `year` for each of `keys`, in date order. A merged period (Mid-Autumn and
 * National Day 2023) compares with both of last year's holidays, whatever their dates, so that
 * each year counts the same holidays.
 */
export function periodsOf(keys: readonly HolidayKey[], year: number): Span[] | null {
  const found = new Map<string, HolidayPeriod>();
  for (const key of keys) {
    const period = holidayPeriod(key, year);
    if (period) found.set(period.start, period);
  }
  if (found.size === 0) return null;
  return [...found.values()].sort((a, b) => a.start.localeCompare(b.start)).map((p) => ({ start: p.start, end: p.end }));
}

/** This year's official holiday period against last year's same holiday, for one scope. */
export async function holidayReport(ctx: ReportContext, access: Access, params: HolidayParamsInput): Promise<HolidayReport> {
  const scope = resolveScope(ctx.register, scopeParam(params), visibleRegister(ctx.register, access));
  const grant = authorize(access, scope, params.by);
  const current = holidayPeriod(params.holiday, params.year);
  if (!current) throw new ParamError("year", `no ${params.holiday} holiday in ${params.year}; the calendar covers ${calendarYears()}`);
  let baseline: { year: number; parts: Span[] } | null = null;
  if (params.baseline !== undefined) {
    const parts = periodsOf(current.keys, params.baseline);
    if (!parts) throw new ParamError("baseline", `no ${params.holiday} holiday in ${params.baseline}; the calendar covers ${calendarYears()}`);
    baseline = { year: params.baseline, parts };
  }
  const comparison = await comparePeriods(
    ctx.warehouse,
    ctx.register,
    scope,
    grant,
    { current: [{ start: current.start, end: current.end }], previous: periodsOf(current.keys, params.year - 1), baseline },
    params.by,
  );
  return {
    report: "holiday",
    holiday: params.holiday,
    holidays: current.keys,
    name_zh: current.name_zh,
    year: params.year,
    scope: scopeLabel(scope),
    ...comparison,
  };
}
