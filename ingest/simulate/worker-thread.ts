import { parentPort, workerData } from "node:worker_threads";
import { eventKindNames } from "../kinds/registry.ts";
import { type DayBatch, emptyStats, simulate } from "./generate.ts";
import { buildHolidayCalendar } from "../../transforms/calendar/holidays.ts";
import type { PackedDay, WorkerData, WorkerReply } from "./worker-source.ts";

/** The worker side of simulateInWorker: one chunk of days per "next". */
// Our own main thread built this (structured clone), not outside input.
const request = workerData as WorkerData;
const stats = emptyStats();
const days = simulate({ ...request.scenario, calendar: buildHolidayCalendar(request.notices) }, request.options, stats);
const port = parentPort!;

/** See PackedDay: what the main thread needs of a day, in the form that crosses threads cheaply. */
const pack = ({ date, messages }: DayBatch): PackedDay => ({
  date,
  texts: messages.map((m) => m.text).join("\n"),
  kinds: Uint8Array.from(messages, (m) => eventKindNames.indexOf(m.kind)),
});

port.on("message", () => {
  try {
    const chunk: WorkerReply & { kind: "days" } = { kind: "days", days: [] };
    let size = 0;
    while (size < request.chunk) {
      const step = days.next();
      if (step.done) break;
      chunk.days.push(pack(step.value));
      size += step.value.messages.length;
    }
    port.postMessage(size > 0 || chunk.days.length > 0 ? chunk : ({ kind: "done", stats } satisfies WorkerReply));
  } catch (err) {
    port.postMessage({ kind: "error", message: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
  }
});
