import { describe, expect, it } from "vitest";
import { festivalHeadline, growthHeadline, holidayHeadline } from "./headline.ts";

describe("headlines", () => {
  const qingming = { holidays: ["qingming"], year: 2019, scopeName: "廊下郊野公园", visitors: 9700, visitorsPct: 47 };
  it("reads like the alliance's report in Chinese", () => {
    expect(holidayHeadline("zh", qingming)).toBe("清明 2019 · 廊下郊野公园：9,700 人次，同比 +47.0%");
  });
  it("has an English twin", () => {
    expect(holidayHeadline("en", { ...qingming, scopeName: "Langxia Country Park" })).toBe(
      "Qingming 2019 · Langxia Country Park: 9,700 visitors, +47.0% year on year",
    );
  });
  it("names both holidays of a merged period", () => {
    expect(holidayHeadline("zh", { ...qingming, holidays: ["mid_autumn", "national_day"], year: 2023, visitors: 12000, visitorsPct: -2.5 })).toBe(
      "中秋·国庆 2023 · 廊下郊野公园：1.20万 人次，同比 -2.5%",
    );
  });
  it("writes large counts in 万 in Chinese and in digits in English", () => {
    expect(holidayHeadline("zh", { ...qingming, visitors: 123_400 })).toBe("清明 2019 · 廊下郊野公园：12.34万 人次，同比 +47.0%");
    expect(holidayHeadline("en", { ...qingming, scopeName: "Langxia Country Park", visitors: 123_400 })).toBe(
      "Qingming 2019 · Langxia Country Park: 123,400 visitors, +47.0% year on year",
    );
  });
  it("says nothing about a change it cannot compute", () => {
    expect(holidayHeadline("zh", { ...qingming, visitorsPct: null })).toBe("清明 2019 · 廊下郊野公园：9,700 人次，同比 —");
  });
  it("states the compound annual growth", () => {
    expect(growthHeadline("zh", { from: 2019, to: 2024, scopeName: "联盟", cagrPct: 8.44 })).toBe("2019–2024 年 · 联盟：年均复合增长 +8.4%");
    expect(growthHeadline("en", { from: 2019, to: 2024, scopeName: "Alliance", cagrPct: -2 })).toBe("2019–2024 · Alliance: compound annual growth -2.0%");
  });

  const flowers = { festivalName: "赏花节", year: 2019, scopeName: "联盟", peakPct: 47, revenuePct: 20, revenueWithheld: false, noData: false };
  it("heads a festival with its single-day peak and revenue year on year", () => {
    expect(festivalHeadline("zh", flowers)).toBe("赏花节 2019 · 联盟：单日游客量同比 +47.0%，营业额同比 +20.0%");
    expect(festivalHeadline("en", { ...flowers, festivalName: "Flower Festival", scopeName: "Alliance" })).toBe(
      "Flower Festival 2019 · Alliance: single-day peak visitors +47.0% year on year, revenue +20.0%",
    );
  });
  it("says withheld revenue and a period without data in words, never 0", () => {
    expect(festivalHeadline("zh", { ...flowers, revenuePct: null, revenueWithheld: true })).toBe(
      "赏花节 2019 · 联盟：单日游客量同比 +47.0%，营业额同比 不公开",
    );
    expect(festivalHeadline("en", { ...flowers, peakPct: null, revenuePct: null, noData: true })).toBe(
      "赏花节 2019 · 联盟: single-day peak visitors no data year on year, revenue no data",
    );
  });
});
