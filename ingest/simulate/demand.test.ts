import { describe, expect, it } from "vitest";
import { eachDate } from "../../transforms/calendar/dates.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { createDemand } from "./demand.ts";
import { baseScenario } from "./scenario.ts";

const sites = [
  { site_id: "park", operator_id: "op", town_id: "langxia", kind: "park", gates: ["north", "south"] },
  { site_id: "stay", operator_id: "op", town_id: "dayun", kind: "homestay", gates: ["reception"] },
];
const festivals = [{ festival_id: "blossom", site_ids: ["park"], editions: [{ year: 2019, start: "2019-03-23", end: "2019-04-14" }] }];
const scenario = baseScenario("test", sites, festivals, await loadHolidayCalendar());
const park = scenario.profiles[0]!;
const qingming2019 = eachDate("2019-04-05", "2019-04-07");
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("demand", () => {
  it("a holiday period's total is the same for every seed, its days are not", () => {
    const totals = [1, 2, 3, 4].map((seed) => sum(qingming2019.map((d) => createDemand(scenario, seed).visitors(park, d))));
    expect(new Set(totals).size).toBe(1);
    const secondDays = [1, 2, 3, 4].map((seed) => createDemand(scenario, seed).visitors(park, "2019-04-06"));
    expect(new Set(secondDays).size).toBeGreaterThan(1);
  });

  it("a festival's peak is its busiest underlying day, noise-free, and the busiest day for any seed", () => {
    const demand = createDemand(scenario, 1);
    // Qingming (factor 2.4) beats every weekend (1.6) in the edition; its three days tie, the earliest wins.
    expect(demand.peakDate({ festivalId: "blossom", year: 2019, start: "2019-03-23", end: "2019-04-14", siteIds: ["park"] })).toBe("2019-04-05");
    const peaks = [1, 2, 3].map((seed) => createDemand(scenario, seed).visitors(park, "2019-04-05"));
    expect(new Set(peaks).size).toBe(1);
    for (const seed of [1, 2, 3, 4, 5]) {
      const d = createDemand(scenario, seed);
      const days = eachDate("2019-03-23", "2019-04-14").map((date) => d.visitors(park, date));
      expect(Math.max(...days)).toBe(d.visitors(park, "2019-04-05"));
      expect(days.filter((v) => v === Math.max(...days))).toHaveLength(1);
    }
  });

  it("weekends draw more than working days, and Shanghai's 2022 lockdown closes Langxia but not Dayun", () => {
    const d = createDemand(scenario, 1);
    const weekday = sum(eachDate("2019-05-13", "2019-05-16").map((date) => d.visitors(park, date))) / 4; // Mon–Thu
    const weekend = sum(eachDate("2019-05-18", "2019-05-19").map((date) => d.visitors(park, date))) / 2;
    expect(weekend).toBeGreaterThan(weekday * 1.5);
    expect(d.visitors(park, "2022-04-20")).toBe(0);
    expect(d.visitors(scenario.profiles[1]!, "2022-04-22")).toBeGreaterThan(0); // a Friday at a Dayun homestay
  });
});
