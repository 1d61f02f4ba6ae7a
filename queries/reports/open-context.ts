import type { Config } from "../../infra/config.ts";
import { openWarehouse } from "../../infra/warehouse/open.ts";
import { checkFestivalSites, loadFestivals } from "../../transforms/calendar/festivals.ts";
import { loadRegister } from "../../transforms/register/register.ts";
import type { ReportContext } from "./context.ts";

/** Loads the register and festivals named by the configuration and opens the warehouse. */
export async function openReportContext(config: Config, access: "read" | "write"): Promise<ReportContext> {
  const register = await loadRegister(config.TOURISM_REGISTER);
  const festivals = await loadFestivals(config.TOURISM_FESTIVALS);
  checkFestivalSites(festivals, register, config.TOURISM_FESTIVALS ?? "festivals file");
  const warehouse = await openWarehouse(config, access);
  return { warehouse, register, festivals };
}
