import { describe, expect, it } from "vitest";
import { type ForecastNote, type ForecastReport, forecastNoteSchema } from "../reports/forecast-schema.ts";
import { forecastNoteWords, levelNote } from "./forecast-notes.ts";

const park = { id: "langxia-country-park", name_zh: "廊下郊野公园" };
const closures = [2020, 2021, 2022];

/** Each kind of note, and how it reads to a Chinese and to an English reader. */
const cases: [ForecastNote, string, string][] = [
  [
    { code: "too_little_history", days: 28, window_end: "2026-04-23", min_days: 14 },
    "廊下郊野公园：截至 2026-04-23 的 28 天内有数据的不足 14 天，历史太少：不作预测。",
    "langxia-country-park: too little history in the 28 days to 2026-04-23 (fewer than 14 days with data): no forecast",
  ],
  [
    { code: "no_earlier_year", left_out: closures },
    "廊下郊野公园：往年同一假日均无数据（不计 2020、2021、2022 年）：不作预测。",
    "langxia-country-park: no earlier year of this holiday with data (2020, 2021, 2022 left out): no forecast",
  ],
  [
    { code: "one_earlier_year", year: 2024, widened_by: 1.5 },
    "廊下郊野公园：逐日分布只有 2024 年一年可参照；区间放宽为 1.5 倍。",
    "langxia-country-park: only one earlier year (2024) to draw the day profile from; interval widened ×1.5",
  ],
  [
    { code: "one_earlier_year", year: 2024, widened_by: null },
    "廊下郊野公园：逐日分布只有 2024 年一年可参照。",
    "langxia-country-park: only one earlier year (2024) to draw the day profile from",
  ],
  [
    { code: "weeks_in_closures", closure_years: closures, widened_by: 1.5 },
    "廊下郊野公园：本假日前几周落在停业年份（2020、2021、2022 年），客流水平不可靠；区间放宽为 1.5 倍。",
    "langxia-country-park: the weeks before this holiday fall in the closure years (2020, 2021, 2022): its level is unreliable; interval widened ×1.5",
  ],
  [
    { code: "length_changed", days: 3, widened_by: null },
    "廊下郊野公园：本假日共 3 天，与参照的部分年份天数不同：首日对首日、末日对末日。",
    "langxia-country-park: this holiday lasts 3 days, unlike some years drawn on: days matched first to first and last to last",
  ],
  [{ code: "no_daily_capacity" }, "廊下郊野公园：景点名录中没有日最大承载量。", "langxia-country-park: no daily capacity in the register"],
  [
    { code: "no_intraday_history" },
    "廊下郊野公园：往年假日只有全天合计（无逐时进出数据）：不预测瞬时最高在园人数。",
    "langxia-country-park: no intraday history (past holiday days counted as daily totals only): peak occupancy against the instant capacity not forecast",
  ],
  [
    { code: "level_alone", weeks: 12, window_end: "2026-04-23" },
    "假日日均只按客流水平推算：截至 2026-04-23 的 12 周中，今年与参照年份都有数据的不到一半。",
    "Average day from the level alone: fewer than half of the 12 weeks to 2026-04-23 have data in both this year and the years drawn on",
  ],
  [
    { code: "ordinary_growth", growth: 1.083, weeks: 12, window_end: "2026-04-23" },
    "假日日均取两种推算的几何平均：按客流水平推算，及参照年份的假日日均 ×1.083（截至 2026-04-23 的 12 周对比参照年份同期）。",
    "Average day: the level's reading and the past years' average days ×1.083 (the 12 weeks to 2026-04-23 against the same weeks of the years drawn on), their geometric mean",
  ],
  [
    { code: "intervals_measured", errors: 46, lead_days: 7 },
    "区间依据以往假日提前 7 天所作同样预测的 46 个误差。",
    "Intervals from 46 errors of the same forecast made 7 day(s) ahead of earlier holidays",
  ],
  [
    { code: "intervals_default", min_errors: 30 },
    "区间取较宽的默认值：以往可检验误差的预测不足 30 次。",
    "Intervals: a wide default (fewer than 30 earlier forecasts to measure errors on)",
  ],
  [
    { code: "closures_left_out", years: closures },
    "2020、2021、2022 年（停业）不作参照，也不检验误差。",
    "Years 2020, 2021, 2022 (closures) are neither drawn on nor scored",
  ],
  [
    { code: "peak_method" },
    "瞬时最高在园人数：当日预计游客 × 该景点往年假日高峰在园人数与入园人数之比的中位数（有逐时数据的同一第N天，否则其全部假日）；区间与概率由同样的往年误差结合该比值的波动得出。",
    "Peak occupancy: the day's expected visitors × the median peak-to-entries ratio of the site's past holiday days (same day N where they have intraday counts, else all their days); its range and chances from the same past misses combined with the ratios' spread",
  ],
  [
    { code: "revenue_method" },
    "营业额：与游客同法预测，依据同期营业额（销售 − 退款）；退款多于销售的日子按 0 计。",
    "Revenue: forecast as the visitors are, from the revenue (sales − refunds) of the same days; a day whose refunds exceeded its sales counts as 0",
  ],
];

describe("forecast notes in the reader's language", () => {
  it.each(cases)("words %j in Chinese and in English", (note, zh, en) => {
    expect(forecastNoteWords(note, park)).toEqual({ zh, en });
  });

  it("has a case for every kind of note the report gives", () => {
    const kinds = forecastNoteSchema._zod.def.options.flatMap((o) => o._zod.def.shape.code._zod.def.values);
    expect(new Set(cases.map(([note]) => note.code))).toEqual(new Set(kinds));
  });

  it("names the scope by its id in English and its Chinese name in Chinese", () => {
    const alliance = { id: "alliance", name_zh: "廊下·大云·广陈乡村振兴联盟" };
    expect(forecastNoteWords({ code: "one_earlier_year", year: 2025, widened_by: null }, alliance)).toEqual({
      zh: "廊下·大云·广陈乡村振兴联盟：逐日分布只有 2025 年一年可参照。",
      en: "alliance: only one earlier year (2025) to draw the day profile from",
    });
  });
});

describe("the level a forecast starts from", () => {
  const method = (m: Partial<ForecastReport["method"]>): ForecastReport["method"] => ({
    level_window: { start: "2026-03-27", end: "2026-04-23" },
    level: 12_345.6,
    ordinary_growth: null,
    reference_years: [2025, 2024, 2023],
    excluded_years: [],
    length_changed: false,
    update_factor: null,
    interval_from: "backtest",
    backtest_errors: 46,
    widened: false,
    ...m,
  });

  it("gives the mean day (in 万 from 10,000 up, whole people, in Chinese) and the years of the day profile", () => {
    expect(levelNote(method({}))).toEqual({
      zh: "客流水平：2026-03-27 至 2026-04-23 平均每天 1.23万 人次；逐日分布参照 2025、2024、2023 年。",
      en: "Level: mean day 12345.6 over 2026-03-27..2026-04-23; day profile from 2025, 2024, 2023",
    });
  });

  it("says how the days seen ran, and that no year was drawn on", () => {
    expect(levelNote(method({ level: 280, reference_years: [], update_factor: 1.5 }))).toEqual({
      zh: "客流水平：2026-03-27 至 2026-04-23 平均每天 280 人次；逐日分布无往年可参照；已过的日子为预测的 ×1.5，其余日子照此调整。",
      en: "Level: mean day 280 over 2026-03-27..2026-04-23; day profile from no year; days seen ran ×1.5 the forecast, applied to the rest",
    });
    expect(levelNote(method({ level: null })).zh).toContain("平均每天 — 人次");
  });
});
