import { Command, Option } from "commander";
import type { Runtime } from "../infra/cli/runtime.ts";

/**
 * `tourism migrate` (schema, after checking the data files), `tourism sites` (the register), `tourism calendar` and `tourism festivals`.
 * The definitions stay light for `--help`; each action imports its work when it runs.
 */
export function transformCommands(runtime: () => Runtime): Command[] {
  const migrateCommand = new Command("migrate")
    .description("check the register and festivals files, then create or update the warehouse schema; safe to run again")
    .action(async () => (await import("./cli-actions.ts")).migrateWarehouse(runtime()));

  const sitesCommand = new Command("sites")
    .description("list the alliance register: towns, sites and operators (TOURISM_REGISTER or the sample)")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (options: { format: "table" | "json" }) => (await import("./cli-actions.ts")).listSites(runtime(), options));

  const calendarCommand = new Command("calendar")
    .description("the years the holiday calendar covers (shipped, plus TOURISM_HOLIDAYS) and the next one missing")
    .action(async () => (await import("./cli-actions.ts")).listCalendar(runtime()));

  const festivalsCommand = new Command("festivals")
    .description("list the festivals (TOURISM_FESTIVALS or the sample): ids for report festival --festival, sites and editions")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (options: { format: "table" | "json" }) => (await import("./cli-actions.ts")).listFestivals(runtime(), options));

  return [migrateCommand, sitesCommand, calendarCommand, festivalsCommand];
}
