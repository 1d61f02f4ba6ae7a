import { openWarehouse } from "../infra/warehouse/open.ts";
import type { Runtime } from "../infra/cli/runtime.ts";
import { formatCalendarListing } from "./calendar/calendar-listing.ts";
import { checkFestivalSites, defaultFestivalsPath, loadFestivals } from "./calendar/festivals.ts";
import { formatFestivalListing } from "./calendar/festivals-listing.ts";
import { loadHolidayCalendar } from "./calendar/holiday-data.ts";
import { migrate } from "./migrate.ts";
import { loadRegister } from "./register/register.ts";
import { formatRegisterListing } from "./register/sites-listing.ts";

/** `tourism migrate`. */
export async function migrateWarehouse({ config, log }: Runtime): Promise<void> {
  // Data files first: a bad register, festivals or holiday file fails before the warehouse is touched.
  const register = await loadRegister(config.TOURISM_REGISTER);
  const festivalsPath = config.TOURISM_FESTIVALS ?? defaultFestivalsPath;
  const festivals = await loadFestivals(festivalsPath);
  checkFestivalSites(festivals, register, `festivals file ${festivalsPath}`);
  const calendar = await loadHolidayCalendar(config.TOURISM_HOLIDAYS);
  const warehouse = await openWarehouse(config);
  try {
    const applied = await migrate(warehouse, log);
    process.stdout.write(applied.length === 0 ? "schema up to date: no migration to apply\n" : `applied ${applied.length}: ${applied.join(", ")}\n`);
    process.stdout.write(
      `data files checked: register ${register.version} (${register.sites.length} sites), ${festivals.length} festivals, holidays ${calendar.firstYear}–${calendar.lastYear}\n`,
    );
  } finally {
    await warehouse.close();
  }
}

/** `tourism sites`. */
export async function listSites({ config }: Runtime, options: { format: "table" | "json" }): Promise<void> {
  const register = await loadRegister(config.TOURISM_REGISTER);
  process.stdout.write(options.format === "json" ? `${JSON.stringify(register, null, 2)}\n` : formatRegisterListing(register));
}

/** `tourism calendar`. */
export async function listCalendar({ config }: Runtime): Promise<void> {
  process.stdout.write(formatCalendarListing(await loadHolidayCalendar(config.TOURISM_HOLIDAYS)));
}

/** `tourism festivals`. */
export async function listFestivals({ config }: Runtime, options: { format: "table" | "json" }): Promise<void> {
  const festivals = await loadFestivals(config.TOURISM_FESTIVALS ?? defaultFestivalsPath);
  process.stdout.write(options.format === "json" ? `${JSON.stringify({ festivals }, null, 2)}\n` : formatFestivalListing(festivals));
}
