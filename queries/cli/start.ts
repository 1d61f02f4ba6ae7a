import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { Registry } from "prom-client";
import { createKafka } from "../../infra/kafka/client.ts";
import { kafkaConnection } from "../../infra/kafka/connection.ts";
import type { Logger } from "../../infra/logger.ts";
import { startProgress } from "../../infra/progress.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import { startConfiguredWorker } from "../../ingest/kafka/configured-worker.ts";
import { openIngestPath } from "../../ingest/open-ingest-path.ts";
import type { MessageIngestor, WrittenHook } from "../../ingest/pipeline/ingest-messages.ts";
import { defaultFirstDate, defaultTargets } from "../../ingest/simulate/default-scenario.ts";
import { dayCount, emptyStats, localMidnight } from "../../ingest/simulate/generate.ts";
import { localToday } from "../../ingest/contracts/time.ts";
import { loadSimulationInputs } from "../../ingest/simulate/inputs.ts";
import { startLiveStream } from "../../ingest/simulate/live-stream.ts";
import type { SimMessage } from "../../ingest/simulate/messages.ts";
import type { Scenario } from "../../ingest/simulate/scenario.ts";
import { type LiveDay, type SimulationState, liveDay, readState, writeState } from "../../ingest/simulate/sim-state.ts";
import { type DemoHoliday, demoClock, demoEndMinute } from "../../ingest/simulate/demo-holiday.ts";
import { readDemoPosition, saveDemoPosition } from "../../ingest/simulate/demo-position.ts";
import { type SiteClock, realClock } from "../../ingest/live/site-clock.ts";
import { incoming, ingestBatches } from "../../ingest/simulate/to-ingestor.ts";
import { openKafkaSink } from "../../ingest/simulate/to-kafka.ts";
import { simulateInWorker } from "../../ingest/simulate/worker-source.ts";
import { lastStoredDay, storedEventCount } from "../../ingest/write/stored-events.ts";
import { addDays } from "../../transforms/calendar/dates.ts";
import type { ReportContext } from "../reports/context.ts";
import { namingOf } from "../reports/open-context.ts";
import { demoHeadline, holidayHeadline } from "./headline.ts";
import { ownDataDir } from "./own-data-dir.ts";
import { type Runtime, UsageError } from "../../infra/cli/runtime.ts";
import { untilSignal } from "../../infra/cli/signals.ts";

const seed = 1;
const liveEveryMs = 3000;
/** A demo's clock is saved this often, so that a restart carries the demo day on about where it stopped. */
const demoSaveEveryMs = 5000;
const fillSource = `simulate:default:seed${seed}`;
const liveSource = `simulate:live:seed${seed}`;
/** The main job serves this machine only. */
const apiHost = "127.0.0.1";

/** History before the live day, in daily detail (the days it is compared with intraday), through the validate-and-write path. */
async function fillHistory(ingestor: MessageIngestor, scenario: Scenario, state: SimulationState, live: LiveDay, log: Logger, stopping: () => boolean) {
  const to = addDays(state.live_from, -1);
  const progress = startProgress("filling the warehouse with the default scenario", dayCount(defaultFirstDate, to), "days", log);
  const stats = emptyStats();
  const days = simulateInWorker({ scenario, options: { seed, from: defaultFirstDate, to, detail: "daily", intraday: live.intraday }, chunk: 20_000 }, stats);
  const totals = await ingestBatches(ingestor, days, {
    source: fillSource,
    onDay: () => progress.increment(1),
    stopping,
  });
  progress.stop();
  if (totals.rejected.length > 0) {
    throw new Error(`the simulator made ${totals.rejected.length} invalid events, e.g. ${totals.rejected[0]!.reason}`);
  }
  return totals;
}

interface LiveFeed {
  deliver(messages: SimMessage[]): Promise<void>;
  stop(): Promise<void>;
}

/** In process: the live stream goes straight through the ingest path. */
function inProcessFeed(ingestor: MessageIngestor, log: Logger): LiveFeed {
  let position = 0;
  return {
    async deliver(messages) {
      const outcome = await ingestor.ingest(messages.map((m) => incoming(m, liveSource, position++)));
      if (outcome.written > 0) log.info({ written: outcome.written, duplicates: outcome.duplicates }, "live events written");
      if (outcome.rejected.length > 0) log.warn({ rejected: outcome.rejected.length, reason: outcome.rejected[0]!.reason }, "live events rejected");
    },
    stop: async () => {},
  };
}

/** With KAFKA_BROKERS: the stream is produced to the topics and the ingest worker consumes it. */
async function kafkaFeed(brokers: string, runtime: Runtime, ingestor: MessageIngestor): Promise<LiveFeed> {
  const kafka = createKafka(kafkaConnection(brokers, runtime.config), "tourism-start", runtime.log);
  const { worker, topics } = await startConfiguredWorker(runtime, { kafka, ingestor, metrics: createIngestMetrics() });
  const sink = await openKafkaSink(kafka, { topics });
  return {
    deliver: (messages) => sink.send(messages),
    async stop() {
      await sink.close();
      await worker.stop();
    },
  };
}

/** `tourism start` (`npm start`): the whole job on the embedded default, until a signal stops it. */
export async function startMainJob(runtime: Runtime, demo: DemoHoliday | undefined): Promise<void> {
  const started = Date.now();
  const { config, log } = runtime;
  const stop = untilSignal();
  const dataDir = resolve(config.TOURISM_DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const { register, festivals, calendar, scenario } = await loadSimulationInputs(config, "default", seed);
  // Capacity alerts and the live API hear of the live stream's writes only (set once it starts):
  // the filled history would raise nothing but late alerts.
  let afterLiveWrite: WrittenHook | undefined;
  // The one clock of the process: events are checked against it, alerts timed by it, the API's "now" read from it.
  // In a demo it is the demo's own, known once the data directory is read.
  let live: SiteClock = realClock;
  const clock: SiteClock = Object.assign(() => live(), { demo: () => live.demo?.() });
  const { warehouse, ingestor } = await openIngestPath(runtime, { register, clock, onWritten: (footfall) => afterLiveWrite?.(footfall) });
  try {
    let state = await readState(dataDir);
    const fresh = !state && (await storedEventCount(warehouse)) === 0;
    if (fresh) state = { scenario: "default", seed, live_from: localToday(), filled: false, ...(demo && { demo }) };
    const today = liveDay(state, demo, calendar);
    if (!today.ok) throw new UsageError(today.reason);
    if (fresh) await writeState(dataDir, state!);
    let filled = "";
    if (state && !state.filled) {
      const fillStarted = Date.now();
      const totals = await fillHistory(ingestor, scenario, state, today.live, log, stop.requested);
      if (stop.requested()) return; // resumed (deduplicated) by the next start
      state = { ...state, filled: true };
      await writeState(dataDir, state);
      filled = `filled ${totals.written.toLocaleString("en-US")} events in ${((Date.now() - fillStarted) / 1000).toFixed(1)} s`;
    }

    // The demo's clock starts (or resumes) once the history is in: the fill wrote only days before the live day.
    const { pretend } = today.live;
    if (pretend && state?.demo) live = demoClock({ demo: state.demo, pretend, endMinute: demoEndMinute(register.sites), resumeAt: readDemoPosition(dataDir) });
    const context: ReportContext = { warehouse, register, festivals, calendar, naming: namingOf(config) };
    const owner = await ownDataDir(runtime, {
      command: "start",
      context,
      ingestor,
      host: apiHost,
      port: config.PORT,
      sampleSite: defaultTargets.siteId,
      registry: new Registry(),
      clock,
    });
    const keeper = keepDemoPosition(dataDir, clock);
    afterLiveWrite = owner.written;
    let feed: LiveFeed | undefined;
    let stream: { stop(): Promise<void> } | undefined;
    if (state) {
      feed = config.KAFKA_BROKERS ? await kafkaFeed(config.KAFKA_BROKERS, runtime, ingestor) : inProcessFeed(ingestor, log);
      const from = Math.max(localMidnight(state.live_from), localMidnight(await lastStoredDay(warehouse)));
      stream = startLiveStream({ scenario, seed, from, pretend: today.live.pretend, everyMs: liveEveryMs, deliver: feed.deliver, log, clock });
    } else {
      log.warn("the warehouse holds events the simulator did not make: no simulated live stream");
    }

    // A demo's headline names the holiday it pretends, in the year it pretends; otherwise the published Qingming 2019 figure.
    const shown = state?.demo ?? demo;
    const headline = shown
      ? await holidayHeadline(context, defaultTargets.siteId, shown.holiday, Number((clock.demo?.()?.as ?? localToday()).slice(0, 4)))
      : await holidayHeadline(context, defaultTargets.siteId, "qingming", defaultTargets.year);
    const demoLine = demoHeadline(clock, calendar);
    process.stdout.write(
      [
        ...(headline ? [headline] : []),
        ...(demoLine ? [demoLine] : []),
        `dashboard and API: ${owner.address}/`,
        ...owner.tokensLines,
        `ready in ${((Date.now() - started) / 1000).toFixed(1)} s${filled ? ` (${filled})` : " (data reused)"}; live stream ${config.KAFKA_BROKERS ? "via Kafka" : "in process"}; Ctrl-C stops`,
        "",
      ].join("\n"),
    );

    const signal = await stop.promise;
    log.info({ signal }, "stopping");
    await stream?.stop();
    await feed?.stop();
    await keeper.stop();
    await owner.stop();
  } finally {
    await warehouse.close();
  }
}

/** Saves a demo's clock every few seconds and when stopped (nothing outside a demo). */
function keepDemoPosition(dataDir: string, clock: SiteClock): { stop(): Promise<void> } {
  let saved = "";
  let saving: Promise<void> = Promise.resolve();
  const save = () => {
    const moment = clock.demo?.();
    if (!moment || moment.clock === saved) return saving;
    saved = moment.clock;
    saving = saving.catch(() => undefined).then(() => saveDemoPosition(dataDir, moment.clock));
    return saving;
  };
  // A failed save is tried again at the next one; the demo goes on meanwhile.
  const timer = setInterval(() => void save().catch(() => undefined), demoSaveEveryMs).unref();
  return {
    async stop() {
      clearInterval(timer);
      await save();
    },
  };
}
