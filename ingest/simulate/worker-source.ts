import { Worker } from "node:worker_threads";
import type { DayBatch, SimulationOptions, SimulationStats } from "./generate.ts";
import type { Notice } from "../../transforms/calendar/holidays.ts";
import type { Scenario } from "./scenario.ts";

/** Messages the worker sends back: a chunk of days, or the end with the run's stats. */
export type WorkerReply = { kind: "days"; days: DayBatch[] } | { kind: "done"; stats: SimulationStats } | { kind: "error"; message: string };

export interface WorkerRequest {
  scenario: Scenario;
  options: SimulationOptions;
  /** Messages per chunk, roughly. */
  chunk: number;
}

/** What the worker is sent: the request with the scenario's calendar as its notices. */
export interface WorkerData extends Omit<WorkerRequest, "scenario"> {
  scenario: Omit<Scenario, "calendar">;
  notices: readonly Notice[];
}

/**
 * The simulation generated on a second core while this thread validates and writes: the worker
 * produces one chunk ahead (asked for with "next"), so memory stays at two chunks. Same batches,
 * same order as `simulate` in this thread.
 */
export async function* simulateInWorker(request: WorkerRequest, stats: SimulationStats): AsyncGenerator<DayBatch> {
  // Structured clone carries data only: the calendar goes as its notices and is rebuilt in the worker.
  const { calendar, ...scenario } = request.scenario;
  const workerData: WorkerData = { ...request, scenario, notices: calendar.notices };
  const worker = new Worker(new URL("./worker-main.mjs", import.meta.url), { workerData });
  const replies: WorkerReply[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  worker.on("message", (reply: WorkerReply) => {
    replies.push(reply);
    wake?.();
  });
  worker.on("error", (err) => {
    failure = err;
    wake?.();
  });
  const next = async (): Promise<WorkerReply> => {
    while (replies.length === 0) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return replies.shift()!;
  };
  try {
    worker.postMessage("next");
    for (;;) {
      const reply = await next();
      if (reply.kind === "error") throw new Error(`simulation worker: ${reply.message}`);
      if (reply.kind === "done") {
        Object.assign(stats, reply.stats);
        return;
      }
      worker.postMessage("next"); // generate the next chunk while the caller works on this one
      yield* reply.days;
    }
  } finally {
    await worker.terminate();
  }
}
