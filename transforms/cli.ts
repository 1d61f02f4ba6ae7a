import { Command, Option } from "commander";
import { openWarehouse } from "../infra/warehouse/open.ts";
import type { Runtime } from "../infra/cli/runtime.ts";
import { formatCalendarListing } from "./calendar/calendar-listing.ts";
import { checkFestivalSites, defaultFestivalsPath, loadFestivals } from "./calendar/festivals.ts";
import { loadHolidayCalendar } from "./calendar/holiday-data.ts";
import { migrate } from "./migrate.ts";
import { loadRegister } from "./register/register.ts";
import { formatRegisterListing } from "./register/sites-listing.ts";

/** `tourism migrate` (schema, after checking the data files), `tourism sites` (the register) and `tourism calendar`. */
export function transformCommands(runtime: () => Runtime): Command[] {
  const migrateCommand = new Command("migrate")
    .description("check the register and festivals files, then create or update the warehouse schema; safe to run again")
    .action(async () => {
      const { config, log } = runtime();
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
    });

  const sitesCommand = new Command("sites")
    .description("list the alliance register: towns, sites and operators (TOURISM_REGISTER or the sample)")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (options: { format: "table" | "json" }) => {
      const register = await loadRegister(runtime().config.TOURISM_REGISTER);
      process.stdout.write(options.format === "json" ? `${JSON.stringify(register, null, 2)}\n` : formatRegisterListing(register));
    });

  const calendarCommand = new Command("calendar")
    .description("the years the holiday calendar covers (shipped, plus TOURISM_HOLIDAYS) and the next one missing")
    .action(async () => {
      process.stdout.write(formatCalendarListing(await loadHolidayCalendar(runtime().config.TOURISM_HOLIDAYS)));
    });

  return [migrateCommand, sitesCommand, calendarCommand];
}
