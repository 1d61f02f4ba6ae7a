/**
 * Forecast intervals from the forecasts' own past errors: log(actual ÷ expected) of earlier
 * holidays forecast the same way, whose empirical quantiles bound this one. Too few errors fall
 * back to a wide default, never to invented precision.
 */

/** Fewer errors than this: the default spread. */
export const minErrors = 30;
/** The default: log errors as normal with this spread, about ×/÷ 1.9 for 80 % (wider than the simulated data's errors). */
export const defaultSigma = 0.5;
/** How much wider a forecast is drawn whose kind of miss the measured errors lack (a level read in the closures), or a thin one on the default spread. */
export const thinWidening = 1.5;

export interface ErrorModel {
  /** Sorted log errors, or null when the default spread stands in. */
  errors: number[] | null;
  /** Multiplies every error: 1, or thinWidening for a thin forecast. */
  widen: number;
}

export function errorModel(errors: readonly number[], widen = 1): ErrorModel {
  const finite = errors.filter(Number.isFinite);
  return { errors: finite.length >= minErrors ? [...finite].sort((a, b) => a - b) : null, widen };
}

/** The standard normal's quantile (Acklam's rational approximation, |error| < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155222095];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** The standard normal's distribution function (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The p-quantile of the log error (linear between order statistics). */
export function errorQuantile(model: ErrorModel, p: number): number {
  const { errors, widen } = model;
  if (!errors) return widen * defaultSigma * normalQuantile(p);
  const at = p * (errors.length - 1);
  const below = Math.floor(at);
  const above = Math.min(below + 1, errors.length - 1);
  return widen * (errors[below]! + (at - below) * (errors[above]! - errors[below]!));
}

/** The central interval holding `coverage` of outcomes (0.8, 0.95) around `expected`. */
export function forecastInterval(expected: number, model: ErrorModel, coverage: number): { low: number; high: number } {
  const tail = (1 - coverage) / 2;
  return { low: expected * Math.exp(errorQuantile(model, tail)), high: expected * Math.exp(errorQuantile(model, 1 - tail)) };
}

/** The probability that the day reaches `threshold` visitors when `expected` are forecast. */
export function reachProbability(expected: number, threshold: number, model: ErrorModel): number {
  if (threshold <= 0) return 1;
  if (expected <= 0) return 0;
  const needed = Math.log(threshold / expected) / model.widen;
  const { errors } = model;
  if (!errors) return 1 - normalCdf(needed / defaultSigma);
  // Sorted: the first error at or above the line by bisection (a peak's chance asks this many times).
  let lo = 0;
  let hi = errors.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (errors[mid]! >= needed) hi = mid;
    else lo = mid + 1;
  }
  return (errors.length - lo) / errors.length;
}
