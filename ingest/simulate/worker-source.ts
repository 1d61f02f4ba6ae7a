import { Worker } from "node:worker_threads";
import { eventKindNames } from "../kinds/registry.ts";
import type { SimulationOptions, SimulationStats } from "./generate.ts";
import type { Notice } from "../../transforms/calendar/holidays.ts";
import type { Scenario } from "./scenario.ts";
import type { IngestibleDay } from "./to-ingestor.ts";

/**
 * A day as the worker sends it: its messages' texts joined by newlines (JSON text has none) and each
 * one's kind as its index in `eventKindNames`. Two strings and a byte array cross between the threads
 * cheaply, where a message object each cost the receiving thread about 2 µs to rebuild.
 */
export interface PackedDay {
  date: string;
  texts: string;
  kinds: Uint8Array;
}

/** Messages the worker sends back: a chunk of days, or the end with the run's stats. */
export type WorkerReply = { kind: "days"; days: PackedDay[] } | { kind: "done"; stats: SimulationStats } | { kind: "error"; message: string };

function unpack({ date, texts, kinds }: PackedDay): IngestibleDay {
  const lines = kinds.length === 0 ? [] : texts.split("\n");
  return { date, messages: lines.map((text, i) => ({ kind: eventKindNames[kinds[i]!]!, text })) };
}

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
export async function* simulateInWorker(request: WorkerRequest, stats: SimulationStats): AsyncGenerator<IngestibleDay> {
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
  // A worker gone without a word (killed, or out of memory under a bound) must not leave the fill
  // waiting for a reply: with nothing else pending, node would end the whole command with status 0.
  worker.on("exit", (code) => {
    failure ??= new Error(`simulation worker stopped (exit code ${code}) before the simulation ended`);
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
      for (const day of reply.days) yield unpack(day);
    }
  } finally {
    await worker.terminate();
  }
}
