/**
 * A holiday's pattern over its days (the busy second day, the quiet last one), as far as past
 * years agree on it. Each year gives each day's log(day ratio ÷ that year's mean day ratio); the
 * pattern is their mean per day, kept in the measure that its spread between days exceeds what
 * the years' disagreement alone would give (an empirical Bayes shrinkage): a pattern every year
 * repeats is kept whole, one that is only each year's weather is flattened.
 */
export function dayPattern(years: readonly (readonly (number | null)[])[], length: number): number[] {
  const means: number[] = [];
  let within = 0;
  let freedom = 0;
  let values = 0;
  for (let n = 0; n < length; n++) {
    const day = years.map((year) => year[n]).filter((v): v is number => v !== null && v !== undefined);
    const mean = day.length === 0 ? 0 : day.reduce((a, b) => a + b, 0) / day.length;
    means.push(mean);
    within += day.reduce((sum, v) => sum + (v - mean) ** 2, 0);
    freedom += Math.max(0, day.length - 1);
    values += day.length;
  }
  const between = means.reduce((sum, m) => sum + m * m, 0) / length;
  // One year cannot tell pattern from noise: its pattern stands (such a forecast is drawn wider).
  if (between === 0 || freedom === 0) return means;
  const noise = within / freedom / (values / length);
  const kept = Math.min(1, Math.max(0, (between - noise) / between));
  return means.map((m) => kept * m);
}
