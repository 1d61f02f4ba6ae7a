import { Command, InvalidArgumentError, Option } from "commander";
import { isIsoDate } from "../../transforms/calendar/dates.ts";
import { integerArg } from "../../infra/cli/args.ts";
import type { Runtime } from "../../infra/cli/runtime.ts";
import { defaultTopicPartitions } from "../kafka/worker-settings.ts";
import type { SimulateOptions } from "./cli-actions.ts";
import { defaultFirstDate, scenarioNames } from "./default-scenario.ts";
import { demoHolidayArg } from "./demo-holiday.ts";

function dateArg(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError("expected a date YYYY-MM-DD");
  return value;
}

/** `tourism simulate`: the deterministic scenario as NDJSON or onto the Kafka topics (its work is imported when it runs). */
export function simulateCommands(runtime: () => Runtime): Command[] {
  const command = new Command("simulate")
    .description("generate realistic ticket and footfall events (deterministic for a seed) into a file or Kafka")
    .option("--seed <n>", "random seed: the same seed gives the same events", integerArg(0, 2 ** 31 - 1), 1)
    .option("--from-date <date>", "first local date", dateArg, defaultFirstDate)
    .option("--to-date <date>", "last local date (default: today at the sites)", dateArg)
    .addOption(new Option("--scenario <name>", "scenario").choices(scenarioNames).default("default"))
    .addOption(
      new Option(
        "--detail <detail>",
        "daily: a count per gate and a line per ticket type a day (hourly counts on holiday days); intraday: entries and exits per gate every 15 minutes, order-sized lines",
      )
        .choices(["daily", "intraday"])
        .default("daily"),
    )
    .option("--duplicates", "re-send ~0.5 % of events (source retries)", false)
    .option("--late", "deliver ~1 % of events 1 hour to 3 days late (offline machines)", false)
    .option("--malformed", "add ~0.1 % malformed copies (truncated JSON, bad amounts, unknown sites)", false)
    .requiredOption("--to <target...>", "file PATH (NDJSON for tourism import) or kafka")
    .option("--rate <n>", "kafka: messages per second at most (default: as fast as possible)", integerArg(1, 10_000_000))
    .option("--demo-holiday <KEY[:DAY]>", "today follows that day of this year's holiday, e.g. qingming:1", demoHolidayArg)
    .option("--partitions <n>", "kafka: partitions of topics it creates", integerArg(1, 256), defaultTopicPartitions)
    .action(async (options: SimulateOptions) => (await import("./cli-actions.ts")).simulateEvents(runtime(), options));
  return [command];
}
