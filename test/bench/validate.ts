/**
 * What validation costs an event, stage by stage: JSON.parse, the kind's zod contract, its toRow
 * (time, money, register), and the content digest with the insert line the event then waits as, over bench:ingest's events (naive local times
 * and Z) and the simulator's shape (+08:00). Args: [events (200000)] [rounds (5)]. JSON lines;
 * the best round of each stage, in µs of CPU time per event (a busy shared machine inflates it
 * less than wall time).
 */
import { DateTime } from "luxon";
import { defaultFutureToleranceMinutes } from "../../infra/config.ts";
import { validateEvent } from "../../ingest/contracts/validate.ts";
import { sourceColumns } from "../../ingest/kinds/event-kind.ts";
import { type EventKind, eventKinds, type ValidEvent } from "../../ingest/kinds/registry.ts";
import { storable } from "../../ingest/write/storable-event.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { benchEvents } from "./ingest-events.ts";
import { printSummary } from "./summary.ts";

const count = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 5);
const register = registerLookup(await loadRegister());
const now = DateTime.now();
const source = { kind: "kafka" as const, name: "tourism.tickets", partition: 3, position: 123_456 };

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

let sink = 0;
const parsed = texts.map((t) => JSON.parse(t) as { type: EventKind });
best("json-parse", () => {
  for (const t of texts) sink += (JSON.parse(t) as object) ? 1 : 0;
});
best("schema", () => {
  for (const json of parsed) sink += eventKinds[json.type].schema.safeParse(json).success ? 1 : 0;
});
const wires = parsed.map((json) => eventKinds[json.type].schema.parse(json));
best("to-row", () => {
  for (let i = 0; i < wires.length; i++) {
    const kind = parsed[i]!.type;
    // biome-ignore lint/suspicious/noExplicitAny: a generic kind's wire type cannot follow the union here
    sink += "row" in eventKinds[kind].toRow(wires[i] as any, register, now, sourceColumns(source), defaultFutureToleranceMinutes) ? 1 : 0;
  }
});
const valid = texts.map((t) => validateEvent(t, undefined, register, now, source)).filter((v): v is { ok: true } & ValidEvent => v.ok);
if (valid.length !== count) throw new Error(`${count - valid.length} bench events did not validate`);
best("digest-and-line", () => {
  for (const event of valid) sink += storable(event).line.length;
});
// As the ingestor does it: each valid event kept as its digest and insert line.
const whole = best("validate-digest-and-line", () => {
  for (const t of texts) {
    const v = validateEvent(t, undefined, register, now, source);
    if (v.ok) sink += storable(v).line.length;
  }
});
printSummary("validate", `validate + digest + insert line ${whole} µs an event (${count} events, best of ${rounds})`, {
  events: count,
  validate_digest_and_line_us: whole,
  sink: sink > 0,
});
