/**
 * `npm run bench:forecast`: the holiday forecast scored against what happened, on a store the
 * simulator filled (the default scenario, seed 1, 2018 to yesterday, through the validate-and-write
 * path). Every holiday with at least two earlier undisrupted years in the store, over before today,
 * is forecast as the report does, made the day before and 7 days before day 1, at three scope
 * levels (the alliance, each town, each site). Per lead and level: WAPE of the forecast and of two
 * baselines (the latest earlier year's same day N; the mean of the two latest earlier years' day N
 * scaled by the level change), 80 % and 95 % interval coverage; per lead, the precision and recall
 * of "reaches 80 % of daily capacity" warnings (probability ≥ 0.5) over site-days, and of "the peak
 * occupancy reaches 80 % of instant capacity" against each day's actual peak (with the peak's WAPE
 * and 80 % coverage), where past holiday days carry counts through the day. Holidays in
 * 2020–2022 or whose four weeks before fall in them (New Year 2023) are neither targets nor
 * baselines (closures); the forecast itself flags them. JSON lines, targets beside the figures, summary last.
 * Data: the directory given as its argument (default /tmp/tourism-bench-forecast), filled once and reused.
 */
import { DateTime } from "luxon";
import { createLogger } from "../../infra/logger.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { localToday } from "../../ingest/contracts/time.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { buildScenario, defaultFirstDate } from "../../ingest/simulate/default-scenario.ts";
import { emptyStats, simulate } from "../../ingest/simulate/generate.ts";
import { ingestBatches } from "../../ingest/simulate/to-ingestor.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { storedEventCount } from "../../ingest/write/stored-events.ts";
import { type DailySeries, disrupted, levelLag, levelWindowEnd, matchingDay, meanLevel } from "../../queries/metrics/forecast.ts";
import { reachShare } from "../../queries/metrics/forecast-holiday.ts";
import { peakDay, peakRatios } from "../../queries/metrics/forecast-peak.ts";
import { type ForecastInputs, forecastInputs, forecastSeries, historyStart, riskProbability, seriesErrors } from "../../queries/reports/forecast.ts";
import { dailyHistory, summedSeries } from "../../queries/reports/forecast-history.ts";
import { dailyPeaks } from "../../queries/reports/forecast-peaks.ts";
import { addDays, eachDate } from "../../transforms/calendar/dates.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { migrate } from "../../transforms/migrate.ts";
import { capacityOn, loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { round } from "./measure.ts";

const thousandths = (value: number) => Math.round(value * 1000) / 1000;
import { printSummary } from "./summary.ts";

const dataDir = process.argv[2] ?? "/tmp/tourism-bench-forecast";
const seed = 1;
const leads = [1, 7] as const;
const levels = ["alliance", "town", "site"] as const;
type Level = (typeof levels)[number];
/** Targets: WAPE at most this share of the better baseline's (alliance and town); coverage within this many points of nominal. */
const wapeTarget = 0.8;
const coverageSlack = 5;

interface Score {
  days: number;
  actual: number;
  errModel: number;
  errLastYear: number;
  errTwoYears: number;
  in80: number;
  in95: number;
}
const emptyScore = (): Score => ({ days: 0, actual: 0, errModel: 0, errLastYear: 0, errTwoYears: 0, in80: 0, in95: 0 });

/** The latest earlier undisrupted years of the holiday with a level and the day, most recent first. */
function baselines(series: DailySeries, inputs: ForecastInputs, lag: number, n: number, level: number) {
  const { target, past, offDays } = inputs;
  const earlier = past
    .filter((p) => p.year < target.year && !disrupted(p, lag))
    .sort((a, b) => b.year - a.year)
    .flatMap((p) => {
      const value = series.get(p.dates[matchingDay(n, target.dates.length, p.dates.length)]!);
      const pastLevel = meanLevel(series, levelWindowEnd(p.dates[0]!, lag), offDays);
      return value === undefined || pastLevel === null ? [] : [{ value, level: pastLevel }];
    });
  if (earlier.length < 2) return null;
  const [a, b] = earlier as [{ value: number; level: number }, { value: number; level: number }];
  return { lastYear: a.value, twoYears: (((a.value + b.value) / 2) * level) / ((a.level + b.level) / 2) };
}

async function fill(warehouse: Awaited<ReturnType<typeof openEmbeddedWarehouse>>, register: Awaited<ReturnType<typeof loadRegister>>) {
  const calendar = await loadHolidayCalendar();
  const festivals = await loadFestivals();
  const scenario = buildScenario("default", register.sites, festivals, calendar, seed);
  const lookup = registerLookup(register);
  const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() });
  const started = performance.now();
  const to = addDays(localToday(), -1);
  const totals = await ingestBatches(ingestor, simulate(scenario, { seed, from: defaultFirstDate, to, detail: "daily" }, emptyStats()), {
    source: `simulate:default:seed${seed}`,
  });
  console.log(JSON.stringify({ filled_events: totals.written, from: defaultFirstDate, to, seconds: round((performance.now() - started) / 1000) }));
}

async function main(): Promise<void> {
  const log = createLogger("warn");
  const register = await loadRegister();
  const calendar = await loadHolidayCalendar();
  const warehouse = await openEmbeddedWarehouse(dataDir, "bench_forecast");
  await migrate(warehouse, log);
  if ((await storedEventCount(warehouse)) === 0) await fill(warehouse, register);
  const today = localToday();
  const sites = register.sites;
  const { visitors: bySite } = await dailyHistory(
    warehouse,
    sites.map((s) => s.site_id),
    historyStart(calendar),
    today,
  );
  const peaks = await dailyPeaks(
    warehouse,
    sites.map((s) => s.site_id),
    calendar.periods.flatMap((p) => eachDate(p.start, p.end)),
    today,
  );
  await warehouse.close();
  const series: Record<Level, { key: string; series: Map<string, number> }[]> = {
    alliance: [{ key: "alliance", series: summedSeries(bySite.values()) }],
    town: register.towns.map((t) => ({
      key: t.town_id,
      series: summedSeries(sites.filter((s) => s.town_id === t.town_id).map((s) => bySite.get(s.site_id)!)),
    })),
    site: sites.map((s) => ({ key: s.site_id, series: bySite.get(s.site_id)! })),
  };
  const results: { lead: number; level: Level; wape: number; better_baseline_wape: number; coverage80: number; coverage95: number }[] = [];
  const warnings: { lead: number; precision: number | null; recall: number | null; peakPrecision: number | null; peakRecall: number | null }[] = [];
  let holidaysScored = 0;
  for (const lead of leads) {
    const scores: Record<Level, Score> = { alliance: emptyScore(), town: emptyScore(), site: emptyScore() };
    const hits = { warned: 0, reached: 0, both: 0 };
    const peakHits = { warned: 0, reached: 0, both: 0, days: 0, actual: 0, err: 0, in80: 0 };
    const scored = new Set<string>();
    const excluded = new Set<string>();
    for (const period of calendar.periods) {
      const key = period.key;
      const madeOn = addDays(period.start, -lead);
      const inputs = forecastInputs(calendar, period, madeOn);
      const target = inputs.target;
      const lag = levelLag(period.start, madeOn);
      if (period.end >= today) continue;
      if (disrupted(target, lag)) {
        excluded.add(`${key}${target.year}`);
        continue;
      }
      for (const level of levels) {
        // Sites' intervals from all sites' errors pooled, as the report draws them.
        const pooled = level === "site" ? series.site.flatMap((s) => seriesErrors(inputs, s.series)) : null;
        for (const { key: id, series: s } of series[level]) {
          const f = forecastSeries(inputs, s, pooled ?? seriesErrors(inputs, s));
          if (f.level === null) continue;
          const site = level === "site" ? sites.find((x) => x.site_id === id)! : null;
          const sitePeaks = site ? peaks.get(site.site_id)! : null;
          const ratios = sitePeaks ? peakRatios(sitePeaks, s, target, inputs.past, madeOn) : [];
          f.days.forEach((day, n) => {
            const actual = s.get(day.date);
            const base = baselines(s, inputs, lag, n, f.level!);
            if (actual === undefined || day.expected === null || base === null) return;
            scored.add(`${key}${target.year}`);
            const score = scores[level];
            score.days += 1;
            score.actual += actual;
            score.errModel += Math.abs(actual - day.expected);
            score.errLastYear += Math.abs(actual - base.lastYear);
            score.errTwoYears += Math.abs(actual - base.twoYears);
            if (actual >= day.low80! && actual <= day.high80!) score.in80 += 1;
            if (actual >= day.low95! && actual <= day.high95!) score.in95 += 1;
            const capacity = site ? capacityOn(site, day.date)?.daily : undefined;
            if (capacity !== undefined) {
              const warned = reachShare(day, capacity, 0.8, f.model)! >= riskProbability;
              const reached = actual >= 0.8 * capacity;
              hits.warned += Number(warned);
              hits.reached += Number(reached);
              hits.both += Number(warned && reached);
            }
            const instant = site ? capacityOn(site, day.date)?.instant : undefined;
            const actualPeak = sitePeaks?.get(day.date);
            const peak = instant === undefined ? null : peakDay(day, ratios[n] ?? null, f.model, instant, undefined);
            if (peak && peak.expected !== null && actualPeak !== undefined) {
              const warned = peak.p80! >= riskProbability;
              const reached = actualPeak >= 0.8 * instant!;
              peakHits.warned += Number(warned);
              peakHits.reached += Number(reached);
              peakHits.both += Number(warned && reached);
              peakHits.days += 1;
              peakHits.actual += actualPeak;
              peakHits.err += Math.abs(actualPeak - peak.expected);
              peakHits.in80 += Number(actualPeak >= peak.low80! && actualPeak <= peak.high80!);
            }
          });
        }
      }
    }
    holidaysScored = Math.max(holidaysScored, scored.size);
    for (const level of levels) {
      const s = scores[level];
      const wape = s.errModel / s.actual;
      const better = Math.min(s.errLastYear, s.errTwoYears) / s.actual;
      const coverage80 = (100 * s.in80) / s.days;
      const coverage95 = (100 * s.in95) / s.days;
      results.push({ lead, level, wape, better_baseline_wape: better, coverage80, coverage95 });
      console.log(
        JSON.stringify({
          lead_days: lead,
          level,
          holidays: scored.size,
          excluded_in_closures: excluded.size,
          days: s.days,
          wape: thousandths(wape),
          wape_last_year_day_n: thousandths(s.errLastYear / s.actual),
          wape_two_years_scaled: thousandths(s.errTwoYears / s.actual),
          wape_vs_better_baseline: thousandths(wape / better),
          target_wape_vs_better_baseline: level === "site" ? null : wapeTarget,
          coverage80_pct: round(coverage80),
          coverage95_pct: round(coverage95),
          target_coverage_pct: `80±${coverageSlack}, 95±${coverageSlack}`,
        }),
      );
    }
    const precision = hits.warned === 0 ? null : hits.both / hits.warned;
    const recall = hits.reached === 0 ? null : hits.both / hits.reached;
    const peakPrecision = peakHits.warned === 0 ? null : peakHits.both / peakHits.warned;
    const peakRecall = peakHits.reached === 0 ? null : peakHits.both / peakHits.reached;
    warnings.push({ lead, precision, recall, peakPrecision, peakRecall });
    const orNull = (v: number | null) => (v === null ? null : thousandths(v));
    console.log(
      JSON.stringify({
        lead_days: lead,
        warnings: "site-day reaches 80 % of daily capacity (warned: P ≥ 0.5)",
        warned: hits.warned,
        reached: hits.reached,
        warned_and_reached: hits.both,
        precision: orNull(precision),
        recall: orNull(recall),
      }),
    );
    console.log(
      JSON.stringify({
        lead_days: lead,
        warnings: "site-day's peak occupancy reaches 80 % of instant capacity (warned: P ≥ 0.5)",
        site_days: peakHits.days,
        peak_wape: peakHits.days === 0 ? null : thousandths(peakHits.err / peakHits.actual),
        peak_coverage80_pct: peakHits.days === 0 ? null : round((100 * peakHits.in80) / peakHits.days),
        warned: peakHits.warned,
        reached: peakHits.reached,
        warned_and_reached: peakHits.both,
        precision: orNull(peakPrecision),
        recall: orNull(peakRecall),
      }),
    );
  }
  const wapeMet = results.filter((r) => r.level !== "site" && r.wape <= wapeTarget * r.better_baseline_wape).length;
  const wapeCases = results.filter((r) => r.level !== "site").length;
  const coverageMet = results.filter((r) => Math.abs(r.coverage80 - 80) <= coverageSlack && Math.abs(r.coverage95 - 95) <= coverageSlack).length;
  printSummary(
    "forecast",
    `${holidaysScored} holidays; WAPE ≤ ${wapeTarget}× the better baseline in ${wapeMet}/${wapeCases} alliance/town cases; coverage within ${coverageSlack} points of 80/95 % in ${coverageMet}/${results.length} cases`,
    {
      holidays: holidaysScored,
      wape_alliance_day_before: thousandths(results.find((r) => r.level === "alliance" && r.lead === 1)!.wape),
      coverage80_site_day_before_pct: round(results.find((r) => r.level === "site" && r.lead === 1)!.coverage80),
      warning_precision_day_before: warnings[0]!.precision === null ? null : thousandths(warnings[0]!.precision),
      warning_recall_day_before: warnings[0]!.recall === null ? null : thousandths(warnings[0]!.recall),
      peak_warning_precision_day_before: warnings[0]!.peakPrecision === null ? null : thousandths(warnings[0]!.peakPrecision),
      peak_warning_recall_day_before: warnings[0]!.peakRecall === null ? null : thousandths(warnings[0]!.peakRecall),
      target: { wape_vs_better_baseline: wapeTarget, coverage_points: coverageSlack },
    },
  );
}

await main();
