import { Command } from "commander";
import type { Runtime } from "../../infra/cli/runtime.ts";
import { type DemoHoliday, demoHolidayArg } from "../../ingest/simulate/demo-holiday.ts";

/** `tourism start` (`npm start`): the whole job on the embedded default, from an empty data directory. */
export function startCommand(runtime: () => Runtime): Command {
  return new Command("start")
    .description("fill the warehouse with the default scenario on first run, stream today's events, serve the API and dashboard")
    .option("--demo-holiday <KEY[:DAY]>", "pretend today is that day of this year's holiday (on a fresh data directory), e.g. qingming:1", demoHolidayArg)
    .action(async (options: { demoHoliday?: DemoHoliday }) => (await import("./start.ts")).startMainJob(runtime(), options.demoHoliday));
}
