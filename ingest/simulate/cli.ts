import { Command, InvalidArgumentError, Option } from "commander";
import { createKafka, ensureTopics } from "../../infra/kafka/client.ts";
import { startProgress } from "../../infra/progress.ts";
import { isIsoDate } from "../../transforms/calendar/dates.ts";
import { integerArg } from "../../infra/cli/args.ts";
import { type Runtime, UsageError } from "../../infra/cli/runtime.ts";
import { arrivalTopics, defaultTopicPartitions, eventTopics } from "../kafka/topics.ts";
import { defaultFirstDate, type ScenarioName, scenarioNames } from "./default-scenario.ts";
import type { Detail } from "./demand.ts";
import { type DemoHoliday, comparedDays, demoHolidayArg, pretendDay } from "./demo-holiday.ts";
import { dayCount, emptyStats, simulate } from "./generate.ts";
import { localToday } from "../contracts/time.ts";
import { loadSimulationInputs } from "./inputs.ts";
import { writeNdjson } from "./to-file.ts";
import { openKafkaSink, produceDays } from "./to-kafka.ts";

interface SimulateOptions {
  seed: number;
  fromDate: string;
  toDate?: string;
  scenario: ScenarioName;
  detail: Detail;
  duplicates: boolean;
  late: boolean;
  malformed: boolean;
  to: string[];
  rate?: number;
  partitions: number;
  demoHoliday?: DemoHoliday;
}

function dateArg(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError("expected a date YYYY-MM-DD");
  return value;
}

type Target = { kind: "file"; path: string } | { kind: "kafka" };

function target(to: string[]): Target {
  if (to[0] === "file" && to.length === 2) return { kind: "file", path: to[1]! };
  if (to[0] === "kafka" && to.length === 1) return { kind: "kafka" };
  throw new UsageError(`--to: expected "file PATH" or "kafka", got "${to.join(" ")}"`);
}

/** `tourism simulate`: the deterministic scenario as NDJSON or onto the Kafka topics. */
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
        "daily: a count per gate and a line per ticket type a day; intraday: entries and exits per gate every 15 minutes, order-sized lines",
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
    .action(async (options: SimulateOptions) => {
      const { config, log } = runtime();
      const to = target(options.to);
      const today = localToday();
      const toDate = options.toDate ?? today;
      if (toDate < options.fromDate) throw new UsageError(`--to-date: ${toDate} is before --from-date ${options.fromDate}`);
      const { scenario } = await loadSimulationInputs(config, options.scenario, options.seed);
      const pretended = options.demoHoliday && pretendDay(options.demoHoliday, today, scenario.calendar);
      if (pretended && !pretended.ok) throw new UsageError(pretended.reason);
      if (pretended && (today < options.fromDate || today > toDate)) throw new UsageError(`--demo-holiday: today (${today}) is outside --from-date…--to-date`);
      const pretend = pretended?.pretend;
      const stats = emptyStats();
      const days = simulate(
        scenario,
        {
          seed: options.seed,
          from: options.fromDate,
          to: toDate,
          detail: options.detail,
          // Today and the days it is compared with carry intraday gate counts, as under `tourism start`.
          intraday: [...comparedDays(today, scenario.calendar, pretend), today],
          ...(pretend && { pretend }),
          faults: { duplicates: options.duplicates, late: options.late, malformed: options.malformed },
        },
        stats,
      );
      const progress = startProgress("simulate", dayCount(options.fromDate, toDate), "days", log);
      let sent: number;
      if (to.kind === "file") {
        sent = await writeNdjson(to.path, days, () => progress.increment(1));
      } else {
        if (!config.KAFKA_BROKERS) throw new UsageError("KAFKA_BROKERS: required by --to kafka (e.g. 127.0.0.1:9092)");
        const kafka = createKafka(config.KAFKA_BROKERS, "tourism-simulate", log);
        const topics = eventTopics(config);
        await ensureTopics(kafka, arrivalTopics(topics), options.partitions);
        const sink = await openKafkaSink(kafka, { topics, ...(options.rate ? { rate: options.rate } : {}) });
        try {
          sent = await produceDays(sink, days, () => progress.increment(1));
        } finally {
          await sink.close();
        }
      }
      progress.stop();
      process.stdout.write(
        `${sent} messages to ${to.kind === "file" ? to.path : "kafka"}: ${stats.events} events, ${stats.duplicates} duplicates, ${stats.late} late, ${stats.malformed} malformed\n`,
      );
    });
  return [command];
}
