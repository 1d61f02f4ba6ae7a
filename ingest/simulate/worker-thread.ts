import { parentPort, workerData } from "node:worker_threads";
import { eventKindNames, perEventKind } from "../kinds/registry.ts";
import { type DayBatch, emptyStats, simulate } from "./generate.ts";
import { buildHolidayCalendar } from "../../transforms/calendar/holidays.ts";
import type { PackedDay, WorkerData, WorkerReply } from "./worker-source.ts";

/** The worker side of simulateInWorker: one chunk of days per "next". */
// Our own main thread built this (structured clone), not outside input.
const request = workerData as WorkerData;
const stats = emptyStats();
const days = simulate({ ...request.scenario, calendar: buildHolidayCalendar(request.notices) }, request.options, stats);
const port = parentPort!;
const kindIndex = perEventKind((kind) => eventKindNames.indexOf(kind));

/** See PackedDay: what the main thread needs of a day, in the form that crosses threads cheaply. */
function pack({ date, messages }: DayBatch): PackedDay {
  const texts = new Array<string>(messages.length);
  // A loop, not Uint8Array.from with a function: a fifth of its cost (some 0.1 s of a first start).
  const kinds = new Uint8Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    texts[i] = messages[i]!.text;
    kinds[i] = kindIndex[messages[i]!.kind];
  }
  return { date, texts: texts.join("\n"), kinds };
}

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
