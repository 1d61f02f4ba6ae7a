/** Rounds to one decimal; the only rounding reports apply to ratios. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** (current − previous) / previous × 100 to one decimal; null when there is no base to compare with. */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0 || !Number.isFinite(current) || !Number.isFinite(previous)) return null;
  return round1(((current - previous) / previous) * 100);
}

/** Mean per day to one decimal; null for an empty period. */
export function perDay(total: number, days: number): number | null {
  return days > 0 ? round1(total / days) : null;
}

/**
 * Compound annual growth rate in percent, to one decimal, from `first` to `last` over `years`
 * years. Null when it is undefined: no span, or a start or end that is not positive (a growth rate
 * from or to nothing has no meaning).
 */
export function cagr(first: number, last: number, years: number): number | null {
  if (years <= 0 || first <= 0 || last <= 0) return null;
  return round1(((last / first) ** (1 / years) - 1) * 100);
}

/** This year's figure as a percentage of a baseline year's (恢复率), one decimal; null without a base. */
export function recoveryPct(current: number, baseline: number): number | null {
  if (baseline <= 0 || !Number.isFinite(current) || !Number.isFinite(baseline)) return null;
  return round1((current / baseline) * 100);
}
