import type { Config } from "../../infra/config.ts";
import { openWarehouse } from "../../infra/warehouse/open.ts";
import { checkFestivalSites, loadFestivals } from "../../transforms/calendar/festivals.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { requireMigrated } from "../../transforms/migrate.ts";
import { loadRegister } from "../../transforms/register/register.ts";
import type { Naming, ReportContext, ReportReference } from "./context.ts";

/** The names the configuration gives the alliance and the bulletins' issuer. */
export const namingOf = (config: Pick<Config, "TOURISM_ALLIANCE_NAME" | "TOURISM_BULLETIN_OFFICE">): Naming => ({
  alliance: config.TOURISM_ALLIANCE_NAME,
  office: config.TOURISM_BULLETIN_OFFICE,
});

/** Loads the register, festivals and holiday calendar the configuration names; a bad file stops here. */
export async function loadReportReference(config: Config): Promise<ReportReference> {
  const register = await loadRegister(config.TOURISM_REGISTER);
  const festivals = await loadFestivals(config.TOURISM_FESTIVALS);
  checkFestivalSites(festivals, register, config.TOURISM_FESTIVALS ?? "festivals file");
  const calendar = await loadHolidayCalendar(config.TOURISM_HOLIDAYS);
  return { register, festivals, calendar, naming: namingOf(config) };
}

/** Where the configuration keeps the store, as a reader names it. */
const storeName = (config: Config) =>
  config.CLICKHOUSE_URL ? `the database ${config.CLICKHOUSE_DATABASE} at CLICKHOUSE_URL` : `the data directory ${config.TOURISM_DATA_DIR}`;

/** Opens the warehouse beside the data files (loaded here unless already given); a store not migrated is refused. */
export async function openReportContext(config: Config, access: "read" | "write", reference?: ReportReference): Promise<ReportContext> {
  const loaded = reference ?? (await loadReportReference(config));
  const warehouse = await openWarehouse(config, access);
  try {
    await requireMigrated(warehouse, storeName(config));
  } catch (err) {
    await warehouse.close();
    throw err;
  }
  return { warehouse, ...loaded };
}
