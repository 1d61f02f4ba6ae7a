/**
 * What each ingest step costs an event, step by step, over bench:ingest's events (naive local times
 * and Z) and the simulator's shape (+08:00): decode (bytes → text), parse (text → JSON object),
 * validate(kind) (the kind's zod contract, then its toRow: time, money, register; both also apart),
 * the store step's CPU part (content digest and the insert line the event then waits as), and all of
 * them as the ingestor runs them (validateMessages, then the line). The store's write itself is
 * bench:ingest's. Args: [events (200000)] [rounds (5)]. JSON lines; the best round of each step, in
 * µs of CPU time per event (a busy shared machine inflates it less than wall time).
 */
import { DateTime } from "luxon";
import { defaultFutureToleranceMinutes } from "../../infra/config.ts";
import { sourceColumns } from "../../ingest/kinds/event-kind.ts";
import { type EventKind, eventKinds, type ValidEvent } from "../../ingest/kinds/registry.ts";
import { type IncomingMessage, validateMessages } from "../../ingest/pipeline/ingest-messages.ts";
import { decodeUtf8 } from "../../ingest/steps/decode.ts";
import { written } from "../../ingest/steps/outcome.ts";
import { parseEvent } from "../../ingest/steps/parse.ts";
import { validateKind } from "../../ingest/steps/validate.ts";
import { storable } from "../../ingest/write/storable-event.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { benchEvents } from "./ingest-events.ts";
import { printSummary } from "./summary.ts";

const count = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 5);
const register = registerLookup(await loadRegister());
const now = DateTime.now();
const source = { kind: "kafka" as const, name: "tourism.tickets", partition: 3, position: 123_456 };
const tolerance = defaultFutureToleranceMinutes;

/** Half as bench:ingest sends them, half as the simulator does (an explicit +08:00). */
const texts = benchEvents(count, 0, "v").map((event, i) =>
  JSON.stringify(i % 2 === 0 ? event : { ...event, occurred_at: `${String(event.occurred_at).slice(0, 19).replace("Z", "")}+08:00` }),
);

function best(stage: string, run: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    fastest = Math.min(fastest, (used.user + used.system) / 1000);
  }
  const us = Math.round((fastest / count) * 1e6) / 1e3;
  process.stdout.write(`${JSON.stringify({ bench: "validate", stage, us_per_event: us })}\n`);
  return us;
}

/** Each step's input is the step before's output, made once outside the timing. */
function must<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw new Error(`a bench event failed a step: ${result.reason}`);
  return result.value;
}

let sink = 0;
const bytes = texts.map((t) => Buffer.from(t, "utf8"));
best("decode", () => {
  for (const b of bytes) sink += decodeUtf8(b).text.length;
});
best("parse", () => {
  for (const t of texts) sink += parseEvent(t).ok ? 1 : 0;
});
const objects = texts.map((t) => must(parseEvent(t)) as { type: EventKind });
best("validate", () => {
  for (const json of objects) sink += validateKind(json, undefined, register, now, source, tolerance).ok ? 1 : 0;
});
best("validate.schema", () => {
  for (const json of objects) sink += eventKinds[json.type].schema.safeParse(json).success ? 1 : 0;
});
const wires = objects.map((json) => eventKinds[json.type].schema.parse(json));
best("validate.to-row", () => {
  for (let i = 0; i < wires.length; i++) {
    const kind = objects[i]!.type;
    // biome-ignore lint/suspicious/noExplicitAny: a generic kind's wire type cannot follow the union here
    sink += "row" in eventKinds[kind].toRow(wires[i] as any, register, now, sourceColumns(source), tolerance) ? 1 : 0;
  }
});
const valid = objects.map((json) => validateKind(json, undefined, register, now, source, tolerance)).filter((v): v is { ok: true } & ValidEvent => v.ok);
if (valid.length !== count) throw new Error(`${count - valid.length} bench events did not validate`);
best("store.digest-and-line", () => {
  for (const event of valid) sink += storable(event).line.length;
});
// As the ingestor runs them on the text a reader decoded: parse, validate(kind), each valid event kept as its digest and insert line.
const messages: IncomingMessage[] = texts.map((text) => ({ text, source }));
const validation = { lookup: () => register, clock: () => now, futureToleranceMinutes: tolerance };
const whole = best("parse-validate-digest-and-line", () => {
  validateMessages(messages, validation, (event) => {
    sink += storable(event).line.length;
    return written;
  });
});
printSummary("validate", `parse + validate + digest + insert line ${whole} µs an event (${count} events, best of ${rounds})`, {
  events: count,
  validate_digest_and_line_us: whole,
  sink: sink > 0,
});
