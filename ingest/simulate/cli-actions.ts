import { createKafka, ensureTopics } from "../../infra/kafka/client.ts";
import { kafkaConnection } from "../../infra/kafka/connection.ts";
import { startProgress } from "../../infra/progress.ts";
import { type Runtime, UsageError } from "../../infra/cli/runtime.ts";
import { arrivalTopics, eventTopics } from "../kafka/topics.ts";
import type { ScenarioName } from "./default-scenario.ts";
import type { Detail } from "./demand.ts";
import { type DemoHoliday, comparedDays, pretendDay } from "./demo-holiday.ts";
import { dayCount, emptyStats, simulate } from "./generate.ts";
import { localToday } from "../contracts/time.ts";
import { loadSimulationInputs } from "./inputs.ts";
import { writeNdjson } from "./to-file.ts";
import { openKafkaSink, produceDays } from "./to-kafka.ts";

export interface SimulateOptions {
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

type Target = { kind: "file"; path: string } | { kind: "kafka" };

function target(to: string[]): Target {
  if (to[0] === "file" && to.length === 2) return { kind: "file", path: to[1]! };
  if (to[0] === "kafka" && to.length === 1) return { kind: "kafka" };
  throw new UsageError(`--to: expected "file PATH" or "kafka", got "${to.join(" ")}"`);
}

/** `tourism simulate`. */
export async function simulateEvents({ config, log }: Runtime, options: SimulateOptions): Promise<void> {
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
    const kafka = createKafka(kafkaConnection(config.KAFKA_BROKERS, config), "tourism-simulate", log);
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
}
