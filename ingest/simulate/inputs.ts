import type { Config } from "../../infra/config.ts";
import { type Festival, checkFestivalSites, loadFestivals } from "../../transforms/calendar/festivals.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import type { HolidayCalendar } from "../../transforms/calendar/holidays.ts";
import { type Register, loadRegister } from "../../transforms/register/register.ts";
import { type ScenarioName, buildScenario } from "./default-scenario.ts";
import type { Scenario } from "./scenario.ts";

export interface SimulationInputs {
  register: Register;
  festivals: Festival[];
  calendar: HolidayCalendar;
  scenario: Scenario;
}

/** The register, festivals and holiday calendar the configuration names, and the scenario solved over them for a seed. */
export async function loadSimulationInputs(config: Config, name: ScenarioName, seed: number): Promise<SimulationInputs> {
  const register = await loadRegister(config.TOURISM_REGISTER);
  const festivals = await loadFestivals(config.TOURISM_FESTIVALS);
  checkFestivalSites(festivals, register, config.TOURISM_FESTIVALS ?? "festivals file");
  const calendar = await loadHolidayCalendar(config.TOURISM_HOLIDAYS);
  return { register, festivals, calendar, scenario: buildScenario(name, register.sites, festivals, calendar, seed) };
}
