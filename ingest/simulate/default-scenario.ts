import type { HolidayCalendar } from "../../transforms/calendar/holidays.ts";
import { type CalibrationTargets, calibrate } from "./calibration.ts";
import { type Scenario, type SimFestival, type SimSite, baseScenario } from "./scenario.ts";

/** The published 2019 headline figures (Qingming at Langxia Country Park, the flower festival), which the default scenario's parameters are solved for. */
export const defaultTargets: CalibrationTargets = {
  siteId: "langxia-country-park",
  holiday: "qingming",
  year: 2019,
  holidayVisitors: 9700,
  holidayVisitorsYoyPct: 47,
  festivalId: "flower-festival",
  peakVisitorsYoyPct: 47,
  revenueYoyPct: 20,
};

export const scenarioNames = ["default"] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export const defaultFirstDate = "2018-01-01";

/** The scenario's parameters, solved for its targets (turnover against this seed's noise). */
export function buildScenario(
  name: ScenarioName,
  sites: readonly SimSite[],
  festivals: readonly SimFestival[],
  calendar: HolidayCalendar,
  seed: number,
): Scenario {
  const scenario = baseScenario(name, sites, festivals, calendar);
  calibrate(scenario, defaultTargets, seed);
  return scenario;
}
