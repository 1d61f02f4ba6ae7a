import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { readDeadLetters } from "../../ingest/kafka/dead-letters.ts";
import { startIngestWorker } from "../../ingest/kafka/worker.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import { type IncomingMessage, createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { decodeUtf8 } from "../../ingest/steps/decode.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { createKafka } from "../../infra/kafka/client.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { testSites } from "../support/events.ts";
import { createTestTopics, produceRaw, waitUntilCommitted } from "../support/ingest-worker.ts";
import { kafkaCodecNames, produceWithJava } from "../support/java-producer.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

/**
 * Hostile strings through validation and the real engine: every event is stored once, with exactly
 * the bytes it was sent as, or rejected with a reason; nothing is stored as something else.
 */

const log = pino({ level: "silent" });
const now = DateTime.fromISO("2024-05-01T00:00:00Z");
const clock = () => now;

// Pieces of random strings: well-formed ones (CJK, astral emoji, bidi and zero-width controls,
// BOM, noncharacters, combining marks, JSON's special characters) and ones the contract refuses
// (control characters, lone surrogates; two lone halves can still join into a valid pair).
const good = [
  "a",
  "Z",
  "7",
  "-",
  "_",
  " ",
  '"',
  "\\",
  "/",
  "清",
  "明",
  "🌸",
  "😀",
  "𠀀",
  "\u202E",
  "\u2066",
  "\u200F",
  "\u200B",
  "\uFEFF",
  "\uFFFD",
  "\uFFFF",
  "e\u0301",
  "\u2028",
];
const bad = ["\u0000", "\u0007", "\u001F", "\u007F", "\u0085", "\n", "\uD800", "\uDBFF", "\uDC00", "\uDFFF"];
/** Byte sequences that are not UTF-8: a stray continuation, Latin-1, overlong, an encoded surrogate, a cut sequence. */
const notUtf8 = [[0x80], [0xff], [0xe9, 0x74], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe6, 0xb8]];

function randomString(r: () => number): string {
  let s = "";
  const pieces = 1 + Math.floor(r() * 8);
  for (let i = 0; i < pieces; i++) s += r() < 0.08 ? bad[Math.floor(r() * bad.length)]! : good[Math.floor(r() * good.length)]!;
  return s;
}

/** The rule, stated on its own: an id is stored only if it is 1–128 characters of well-formed text without control characters. */
const storableId = (s: string) => s.length >= 1 && s.length <= 128 && s.isWellFormed() && !/\p{Cc}/u.test(s);

interface Case {
  bytes: Buffer;
  kind: "ticket" | "footfall";
  /** The event_id stored, or the field (or "not valid UTF-8") the rejection must name; "" for any reason. */
  expect: { stored: string } | { rejected: string };
}

/** "conflict": the id was stored first with other content, which stays. */
function reasonPattern(rejected: string): RegExp {
  if (rejected === "") return /^./;
  if (rejected === "conflict") return /^conflicts with stored event /;
  return rejected === "not valid UTF-8" ? /^not valid UTF-8$/ : new RegExp(`^${rejected}: `);
}

const site = testSites[0];

function ticketCase(eventId: string, orderId: string): Case {
  const event = {
    type: "ticket",
    event_id: eventId,
    action: "sale",
    site_id: site.site_id,
    operator_id: site.operator_id,
    order_id: orderId,
    ticket_type: "adult",
    channel: "online",
    quantity: 1,
    amount_cny: "10.00",
    occurred_at: "2024-04-05T10:00:00+08:00",
  };
  const firstBad = !storableId(eventId) ? "event_id" : !storableId(orderId) ? "order_id" : undefined;
  return { bytes: Buffer.from(JSON.stringify(event), "utf8"), kind: "ticket", expect: firstBad ? { rejected: firstBad } : { stored: eventId } };
}

function footfallCase(eventId: string, gateId: string): Case {
  const event = { type: "footfall", event_id: eventId, site_id: site.site_id, gate_id: gateId, direction: "in", count: 3, occurred_at: "2024-04-05T10:00:00" };
  const firstBad = !storableId(eventId) ? "event_id" : gateId !== site.gate ? "gate_id" : undefined;
  return { bytes: Buffer.from(JSON.stringify(event), "utf8"), kind: "footfall", expect: firstBad ? { rejected: firstBad } : { stored: eventId } };
}

/** A ticket whose event_id has bytes that are not UTF-8 spliced into it. */
function undecodableCase(r: () => number): Case {
  const marker = "SPLICE";
  const { bytes } = ticketCase(`x-${marker}-${Math.floor(r() * 1e9)}`, "o");
  const at = bytes.indexOf(marker);
  const insert = Buffer.from(notUtf8[Math.floor(r() * notUtf8.length)]!);
  return { bytes: Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at + marker.length)]), kind: "ticket", expect: { rejected: "not valid UTF-8" } };
}

function randomCases(seed: number, count: number, kinds: "both" | "ticket"): Case[] {
  const r = mulberry32(seed);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const pick = r();
    if (pick < 0.15) cases.push(undecodableCase(r));
    else if (kinds === "ticket" || pick < 0.6) cases.push(ticketCase(randomString(r), r() < 0.8 ? `o-${i}` : randomString(r)));
    else cases.push(footfallCase(randomString(r), r() < 0.9 ? site.gate : randomString(r)));
  }
  // The hostile tester's ids: a lone surrogate, and U+FFFD, which a lossy writer would confuse with it.
  for (const id of ["poison-\uD800", "low-\uDFFF", "low-\uFFFD"]) for (let n = 0; n < 3; n++) cases.push(ticketCase(id, "o"));
  return withIdentityRule(cases);
}

/**
 * Random ids repeat. The identity rule, stated on its own: the first event with an id is stored; a
 * later one with the same bytes is a duplicate (silent), with other bytes a conflict (rejected).
 */
function withIdentityRule(cases: Case[]): Case[] {
  const first = new Map<string, Buffer>();
  return cases.map((c) => {
    if (!("stored" in c.expect)) return c;
    const key = `${c.kind}:${c.expect.stored}`;
    const earlier = first.get(key);
    if (!earlier) first.set(key, c.bytes);
    return earlier && !earlier.equals(c.bytes) ? { ...c, expect: { rejected: "conflict" } } : c;
  });
}

const hexOf = (id: string) => Buffer.from(id, "utf8").toString("hex").toUpperCase();

/** Stored event_ids by their bytes (hex), with how often each is stored. */
async function storedIds(warehouse: Warehouse, table: "ticket_events" | "footfall_events"): Promise<Map<string, number>> {
  const rows = await warehouse.query(`SELECT hex(event_id) AS id, count() AS n FROM ${table} GROUP BY id`, {}, z.object({ id: z.string(), n: int64 }));
  return new Map(rows.map((row) => [row.id, row.n]));
}

/** What each table must hold: every stored case's id once, by its UTF-8 bytes. */
function expectedIds(cases: readonly Case[], kind: Case["kind"]): Map<string, number> {
  return new Map(cases.flatMap((c) => (c.kind === kind && "stored" in c.expect ? [[hexOf(c.expect.stored), 1] as const] : [])));
}

let lookup: ReturnType<typeof registerLookup>;
const open: Warehouse[] = [];
beforeAll(async () => {
  lookup = registerLookup(await loadRegister());
});
afterAll(async () => {
  for (const warehouse of open) {
    await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
    await warehouse.close();
  }
});

async function freshWarehouse(label: string): Promise<Warehouse> {
  const warehouse = await openTestEmbedded(label);
  open.push(warehouse);
  await migrate(warehouse, log);
  return warehouse;
}

describe("random strings through validation and the engine", () => {
  it.each([1, 2, 3])("stores each event once with its exact bytes or rejects it naming why; a replay adds nothing (seed %i)", async (seed) => {
    const warehouse = await freshWarehouse(`unicode_${seed}`);
    const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock });
    const cases = randomCases(seed, 400, "both");
    const messages: IncomingMessage[] = cases.map((c, i) => ({ ...decodeUtf8(c.bytes), source: { kind: "file", name: "random", partition: 0, position: i } }));
    const rejectedCases = cases.filter((c) => "rejected" in c.expect);
    expect(rejectedCases.length).toBeGreaterThan(50);
    expect(cases.length - rejectedCases.length).toBeGreaterThan(100);

    const first = await ingestor.ingest(messages);
    const reasons = new Map(first.rejected.map((r) => [r.message, r.reason]));
    cases.forEach((c, i) => {
      const reason = reasons.get(messages[i]!);
      if ("stored" in c.expect) expect(reason, JSON.stringify(c.expect.stored)).toBeUndefined();
      else expect(reason, JSON.stringify(messages[i]!.text)).toMatch(reasonPattern(c.expect.rejected));
    });
    const ticketsWanted = expectedIds(cases, "ticket");
    const footfallWanted = expectedIds(cases, "footfall");
    expect(first.written).toBe(ticketsWanted.size + footfallWanted.size);
    expect(await storedIds(warehouse, "ticket_events")).toEqual(ticketsWanted);
    expect(await storedIds(warehouse, "footfall_events")).toEqual(footfallWanted);

    const replay = await ingestor.ingest(messages);
    expect(replay.written).toBe(0);
    expect(replay.rejected).toHaveLength(first.rejected.length);
    expect(await storedIds(warehouse, "ticket_events")).toEqual(ticketsWanted);
    expect(await storedIds(warehouse, "footfall_events")).toEqual(footfallWanted);
  });

  it("stores raw Kafka values once or dead-letters them with a reason, sent uncompressed and again in batches of every codec", async () => {
    const warehouse = await freshWarehouse("unicode_kafka");
    const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock });
    const kafka = createKafka(testKafka(), "unicode-property", log);
    const topics = await createTestTopics(kafka, 1);
    const r = mulberry32(7);
    // Mostly tickets with random ids, some with bytes that are not UTF-8, and some values of random bytes.
    const noise: Case[] = Array.from({ length: 30 }, () => ({
      bytes: Buffer.from(Array.from({ length: 1 + Math.floor(r() * 40) }, () => Math.floor(r() * 256))),
      kind: "ticket",
      expect: { rejected: "" },
    }));
    const cases = [...randomCases(8, 150, "ticket"), ...noise];
    // Kafka's Java client compresses each copy (one run per codec, so the copies stay in order on the partition).
    await produceRaw(
      kafka,
      topics.byKind.ticket,
      cases.map((c) => c.bytes),
    );
    for (const codec of kafkaCodecNames)
      await produceWithJava(
        codec,
        cases.map((c) => ({ topic: topics.byKind.ticket, partition: 0, value: c.bytes })),
      );
    const copies = 1 + kafkaCodecNames.length;

    const groupId = uniqueName("unicode");
    const worker = await startIngestWorker(
      { kafka, ingestor, log, metrics: createIngestMetrics() },
      { groupId, topics, maxBatchEvents: 100, maxBatchWaitMs: 50, sessionTimeoutMs: 6000, stallPatienceMs: 60_000 },
    );
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    await worker.stop();

    expect(await storedIds(warehouse, "ticket_events")).toEqual(expectedIds(cases, "ticket"));
    const { letters } = await readDeadLetters(kafka, topics.deadLetters);
    const rejected = cases.filter((c) => "rejected" in c.expect);
    expect(letters).toHaveLength(copies * rejected.length);
    const byOffset = [...letters].sort((a, b) => a.sourceOffset - b.sourceOffset);
    const rejectedOffsets = Array.from({ length: copies }, (_, copy) => copy * cases.length).flatMap((base) =>
      cases.flatMap((c, i) => ("rejected" in c.expect ? [base + i] : [])),
    );
    expect(byOffset.map((l) => l.sourceOffset)).toEqual(rejectedOffsets);
    byOffset.forEach((letter) => {
      const c = cases[letter.sourceOffset % cases.length]!;
      expect(Buffer.compare(letter.original, c.bytes), `offset ${letter.sourceOffset}: original bytes kept`).toBe(0);
      expect("rejected" in c.expect && letter.reason).toMatch(reasonPattern("rejected" in c.expect ? c.expect.rejected : "-"));
    });
  }, 240_000);
});
