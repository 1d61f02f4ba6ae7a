/**
 * Covid-19's effect on rural day trips, as a factor on demand: the 2020 closures, the slow
 * 2020–2021 recovery, Shanghai's spring 2022 lockdown (Langxia is in Shanghai, Dayun and Guangchen
 * in Zhejiang) and the December 2022 wave. Normal from 2023.
 */
const shanghaiTowns = new Set(["langxia"]);

export function pandemicFactor(date: string, townId: string): number {
  if (date < "2020-01-24" || date >= "2023-01-01") return 1;
  if (date < "2020-03-16") return 0.03;
  if (date < "2020-06-01") return 0.45;
  if (date < "2021-01-01") return 0.8;
  if (date < "2022-01-01") return date.startsWith("2021-08") ? 0.6 : 0.85;
  if (date >= "2022-03-28" && date < "2022-06-01") return shanghaiTowns.has(townId) ? 0 : 0.4;
  if (date >= "2022-12-01") return 0.35;
  return 0.7;
}
