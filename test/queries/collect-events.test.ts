import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { DateTime } from "luxon";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import { collectAnswerSchema } from "../../queries/api/collect-answer.ts";
import type { CollectDeps } from "../../queries/api/collect-events.ts";
import { createCollectMetrics } from "../../queries/api/collect-metrics.ts";
import { buildServer } from "../../queries/api/server.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { type WireEvent, footfall, reportContext, roleTokenBook, roleTokens, testRegister, ticket } from "./fixtures.ts";

/**
 * POST /api/events against the real embedded engine: who may send what, one outcome per event in
 * order, retries, and every way a request is refused as a whole (413, 415, 429, 403, 401, 503).
 */

const tokens = roleTokens;
let warehouse: Warehouse;
let context: ReportContext;
let app: FastifyInstance;
let registry: Registry;

function collectDeps(requestsPerMinute: number, metricsRegistry = new Registry(), writeTo: Warehouse = warehouse): CollectDeps {
  const lookup = registerLookup(testRegister);
  return {
    ingestor: createMessageIngestor({ writer: createEventWriter(writeTo), lookup: () => lookup, clock: () => DateTime.now() }),
    register: testRegister,
    requestsPerMinute,
    metrics: createCollectMetrics(metricsRegistry),
  };
}

beforeAll(async () => {
  warehouse = await openTestEmbedded("collect");
  context = await reportContext(warehouse, []);
  registry = new Registry();
  app = await buildServer({ context, tokens: roleTokenBook(context), dashboard: false, collect: collectDeps(10_000, registry) });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await warehouse?.close();
});

const send = (token: string | undefined, payload: string | Buffer, headers: Record<string, string> = {}) =>
  app.inject({
    method: "POST",
    url: "/api/events",
    payload,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
const json = (events: unknown[]) => JSON.stringify(events);

const storedRow = z.object({ event_id: z.string() });
async function stored(ids: string[]): Promise<string[]> {
  const rows = await warehouse.query(
    "SELECT event_id FROM (SELECT event_id FROM footfall_events UNION ALL SELECT event_id FROM ticket_events) WHERE event_id IN {ids:Array(String)} ORDER BY event_id",
    { ids },
    storedRow,
  );
  return rows.map((r) => r.event_id);
}

const at = "2024-04-05T10:00:00";
const outcomes = (body: string) => collectAnswerSchema.parse(JSON.parse(body)).events.map((e) => e.outcome);

describe("who may send what", () => {
  it("staff send anything; an operator its own sites' tickets and gate counts; a device its site's registered gates only; planners nothing", async () => {
    const staff = await send(tokens.staff, json([footfall("m-staff-f", "b1", at, 5), ticket("m-staff-t", "g1", "sale", at, "10.00")]));
    expect(staff.statusCode, staff.body).toBe(200);
    expect(outcomes(staff.body)).toEqual(["written", "written"]);

    const operator = await send(
      tokens.operator,
      json([
        footfall("m-op-own-f", "a1", at, 7),
        ticket("m-op-own-t", "a2", "sale", at, "20.00"),
        footfall("m-op-other-f", "b1", at, 7),
        { ...ticket("m-op-other-t", "a1", "sale", at, "20.00"), operator_id: "opB" },
      ]),
    );
    expect(operator.statusCode, operator.body).toBe(200);
    const operatorAnswer = collectAnswerSchema.parse(operator.json());
    expect(operatorAnswer.events).toEqual([
      { event_id: "m-op-own-f", outcome: "written" },
      { event_id: "m-op-own-t", outcome: "written" },
      { event_id: "m-op-other-f", outcome: "rejected", reason: "forbidden: operator:opA may send events of its own sites only" },
      { event_id: "m-op-other-t", outcome: "rejected", reason: "forbidden: operator:opA may send tickets in its own name only" },
    ]);
    expect(operatorAnswer).toMatchObject({ received: 4, written: 2, duplicates: 0, conflicts: 0, rejected: 2 });

    const device = await send(
      tokens.device,
      json([
        footfall("m-dev-own", "a1", at, 3),
        { ...footfall("m-dev-gate", "a1", at, 3), gate_id: "back-door" },
        footfall("m-dev-site", "b1", at, 3),
        ticket("m-dev-ticket", "a1", "sale", at, "1.00"),
      ]),
    );
    expect(device.statusCode, device.body).toBe(200);
    expect(collectAnswerSchema.parse(device.json()).events).toEqual([
      { event_id: "m-dev-own", outcome: "written" },
      { event_id: "m-dev-gate", outcome: "rejected", reason: "forbidden: device:a1 may send footfall of its site's registered gates only" },
      { event_id: "m-dev-site", outcome: "rejected", reason: "forbidden: device:a1 may send footfall of site a1 only" },
      { event_id: "m-dev-ticket", outcome: "rejected", reason: "forbidden: device:a1 may send footfall events only" },
    ]);

    // Nothing in scope at all: 403, and nothing stored.
    const deviceElsewhere = await send(tokens.device, json([footfall("m-dev-none", "b1", at, 3)]));
    expect(deviceElsewhere.statusCode).toBe(403);
    expect(deviceElsewhere.json().error).toMatch(/^none of the 1 events is this token's to send: device:a1 may send footfall of site a1 only$/);
    const operatorElsewhere = await send(tokens.operator, json([footfall("m-op-none", "g1", at, 3)]));
    expect(operatorElsewhere.statusCode).toBe(403);
    const planner = await send(tokens.planner, json([footfall("m-planner", "a1", at, 3)]));
    expect(planner.statusCode).toBe(403);
    expect(planner.json()).toEqual({ error: "planner may not send events" });
    expect((await send(undefined, json([footfall("m-anon", "a1", at, 3)]))).statusCode).toBe(401);
    expect((await send("not-a-known-token-at-all", json([footfall("m-anon", "a1", at, 3)]))).statusCode).toBe(401);

    expect(
      await stored([
        "m-staff-f",
        "m-staff-t",
        "m-op-own-f",
        "m-op-own-t",
        "m-op-other-f",
        "m-op-other-t",
        "m-dev-own",
        "m-dev-gate",
        "m-dev-site",
        "m-dev-ticket",
        "m-dev-none",
        "m-op-none",
        "m-planner",
        "m-anon",
      ]),
    ).toEqual(["m-dev-own", "m-op-own-f", "m-op-own-t", "m-staff-f", "m-staff-t"]);
  });

  it("answers a device 403 on every other route: it reads no reports, alerts or register", async () => {
    for (const url of [
      "/api/me",
      "/api/sites",
      "/api/reports/holiday?holiday=qingming&year=2024&site=a1",
      "/api/reports/trend?from=2024-04-01&to=2024-04-10&site=a1",
      "/api/live?site=a1",
      "/api/live/stream?site=a1",
      "/api/alerts",
      "/api/bulletins",
    ]) {
      const answer = await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${tokens.device}` } });
      expect(answer.statusCode, url).toBe(403);
      expect(answer.json(), url).toEqual({ error: "device:a1 sends gate counts and reads nothing" });
    }
  });
});

describe("one outcome per event, in order", () => {
  it("written, duplicate, conflict and rejected with reasons; the same request again stores nothing twice", async () => {
    const events: WireEvent[] = [
      footfall("o-1", "a1", at, 10),
      footfall("o-1", "a1", at, 10), // the same event twice in one request
      footfall("o-2", "a1", at, 11),
      footfall("o-2", "a1", at, 12), // same id, other content
      { type: "footfall", event_id: "o-3", site_id: "a1" },
      ticket("o-4", "a1", "sale", at, "12.34"),
    ];
    const first = collectAnswerSchema.parse((await send(tokens.staff, json(events))).json());
    expect(first.events.map((e) => [e.event_id, e.outcome])).toEqual([
      ["o-1", "written"],
      ["o-1", "duplicate"],
      ["o-2", "written"],
      ["o-2", "conflict"],
      ["o-3", "rejected"],
      ["o-4", "written"],
    ]);
    expect(first.events[3]!.reason).toMatch(/^conflicts with stored event "o-2"/);
    expect(first.events[4]!.reason).toMatch(/^gate_id: /);
    expect(first).toMatchObject({ received: 6, written: 3, duplicates: 1, conflicts: 1, rejected: 1 });

    const again = collectAnswerSchema.parse((await send(tokens.staff, json(events))).json());
    expect(again.events.map((e) => e.outcome)).toEqual(["duplicate", "duplicate", "duplicate", "conflict", "rejected", "duplicate"]);
    const [row] = await warehouse.query(
      "SELECT sum(visitors_in) AS visitors FROM footfall_events WHERE event_id IN ('o-1', 'o-2')",
      {},
      z.object({ visitors: z.coerce.number() }),
    );
    expect(row!.visitors).toBe(21);
  });

  it("concurrent requests share writes, each answered with exactly its own events' outcomes, stored once", async () => {
    const footfallWrites: number[] = [];
    const counting: Warehouse = {
      ...warehouse,
      insert: (table, rows) => {
        if (table === "footfall_events") footfallWrites.push(1);
        return warehouse.insert(table, rows);
      },
    };
    const shared = await buildServer({ context, tokens: roleTokenBook(context), dashboard: false, collect: collectDeps(10_000, new Registry(), counting) });
    try {
      // Every request: one event all send alike, one id each sends with other content, one invalid, the rest its own.
      const requests = Array.from({ length: 8 }, (_, r) => [
        footfall("g-same", "a1", at, 1),
        footfall("g-clash", "a1", at, r + 1),
        { type: "footfall", event_id: `g-${r}-bad`, site_id: "a1" },
        ...Array.from({ length: 197 }, (_, i) => (i % 10 === 0 ? ticket(`g-${r}-${i}`, "a1", "sale", at, "1.00") : footfall(`g-${r}-${i}`, "a1", at, 1))),
      ]);
      const answers = await Promise.all(
        requests.map((events) =>
          shared.inject({
            method: "POST",
            url: "/api/events",
            payload: json(events),
            headers: { "content-type": "application/json", authorization: `Bearer ${tokens.staff}` },
          }),
        ),
      );
      const parsed = answers.map((a) => {
        expect(a.statusCode, a.body).toBe(200);
        return collectAnswerSchema.parse(a.json());
      });
      for (const [r, answer] of parsed.entries()) {
        expect(answer.events.map((e) => e.event_id)).toEqual(requests[r]!.map((e) => e.event_id ?? null));
        expect(answer.events.slice(2).map((e) => e.outcome)).toEqual(["rejected", ...Array(197).fill("written")]);
        expect(answer.events[2]!.reason).toMatch(/^gate_id: /);
      }
      const firsts = parsed.map((a) => a.events[0]!.outcome);
      expect(firsts.filter((o) => o === "written")).toHaveLength(1);
      expect(firsts.filter((o) => o === "duplicate")).toHaveLength(7);
      const clashes = parsed.map((a) => a.events[1]!.outcome);
      const clashWinner = clashes.indexOf("written");
      expect(clashes.filter((o) => o === "conflict")).toHaveLength(7);

      const ids = requests.flatMap((events) => events.map((e) => e.event_id as string));
      expect(await stored(ids)).toEqual([...new Set(ids.filter((id) => !id.endsWith("-bad")))].sort());
      const [row] = await warehouse.query(
        "SELECT sum(visitors_in) AS visitors FROM footfall_events WHERE event_id IN {ids:Array(String)}",
        { ids },
        z.object({ visitors: z.coerce.number() }),
      );
      expect(row!.visitors).toBe(8 * (197 - 20) + 1 + clashWinner + 1);
      expect(footfallWrites.length).toBeLessThan(requests.length);
    } finally {
      await shared.close();
    }
  });

  it("reads NDJSON and gzip, names an event that is not JSON, and counts by role in the metrics", async () => {
    const lines = [JSON.stringify(footfall("n-1", "a1", at, 4)), "", "{not json", JSON.stringify(footfall("n-2", "a1", at, 5))].join("\r\n");
    const ndjson = await send(tokens.device, gzipSync(lines), { "content-type": "application/x-ndjson", "content-encoding": "gzip" });
    expect(ndjson.statusCode, ndjson.body).toBe(200);
    const answer = collectAnswerSchema.parse(ndjson.json());
    expect(answer.events.map((e) => [e.event_id, e.outcome])).toEqual([
      ["n-1", "written"],
      [null, "rejected"],
      ["n-2", "written"],
    ]);
    expect(answer.events[1]!.reason).toMatch(/^not JSON/);
    expect(await stored(["n-1", "n-2"])).toEqual(["n-1", "n-2"]);
    // One object without an array is one event.
    expect(outcomes((await send(tokens.device, JSON.stringify(footfall("n-3", "a1", at, 1)))).body)).toEqual(["written"]);

    const metrics = await registry.metrics();
    expect(metrics).toMatch(/tourism_collect_events_total\{role="device",outcome="written"\} [1-9]/);
    expect(metrics).toMatch(/tourism_collect_events_total\{role="device",outcome="forbidden"\} [1-9]/);
    expect(metrics).toMatch(/tourism_collect_events_received_total\{role="operator"\} [1-9]/);
    expect(metrics).toMatch(/tourism_collect_requests_refused_total\{role="planner",status="403"\} 1/);
  });
});

describe("OpenAPI", () => {
  it("describes POST /api/events with its request and answer schemas", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const post = doc.paths["/api/events"].post;
    expect(post.requestBody.content["application/json"].schema).toMatchObject({ type: "array", items: { anyOf: [{}, {}] } });
    expect(
      post.requestBody.content["application/json"].schema.items.anyOf.map((s: { properties: { type: { const: string } } }) => s.properties.type.const),
    ).toEqual(["ticket", "footfall"]);
    expect(Object.keys(post.requestBody.content)).toEqual(["application/json", "application/x-ndjson", "application/ndjson"]);
    expect(post.responses["200"].content["application/json"].schema.properties.events.items.properties.outcome.enum).toEqual([
      "written",
      "queued",
      "duplicate",
      "conflict",
      "rejected",
    ]);
    expect(Object.keys(post.responses)).toEqual(["200", "400", "401", "403", "413", "415", "429", "503"]);
  });
});

describe("requests refused as a whole", () => {
  it("413 past 1,000 events, past 1 MiB as sent, and past 8 MiB inflated (a gzip bomb, in bounded memory)", async () => {
    const many = Array.from({ length: 1001 }, (_, i) => footfall(`big-${i}`, "a1", at, 1));
    expect((await send(tokens.staff, json(many))).statusCode).toBe(413);
    const manyLines = many.map((e) => JSON.stringify(e)).join("\n");
    expect((await send(tokens.staff, manyLines, { "content-type": "application/x-ndjson" })).statusCode).toBe(413);
    expect((await send(tokens.staff, Buffer.alloc(1024 * 1024 + 1, 0x20))).statusCode).toBe(413);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const bombed = await send(tokens.staff, bomb, { "content-encoding": "gzip" });
    expect(bombed.statusCode).toBe(413);
    expect(bombed.json().error).toMatch(/more than 8388608 bytes once inflated/);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 1024 * 1024);
    expect(await stored(["big-0", "big-1000"])).toEqual([]);
    // 1,000 events are taken.
    expect(collectAnswerSchema.parse((await send(tokens.staff, json(many.slice(0, 1000)))).json()).written).toBe(1000);
  });

  it("415 for other media types and encodings, 400 for a body that is not gzip, UTF-8 or JSON", async () => {
    const body = json([footfall("t-1", "a1", at, 1)]);
    expect((await send(tokens.staff, body, { "content-type": "text/plain" })).statusCode).toBe(415);
    expect((await send(tokens.staff, body, { "content-type": "application/xml" })).statusCode).toBe(415);
    expect((await send(tokens.staff, body, { "content-encoding": "br" })).statusCode).toBe(415);
    expect((await send(tokens.staff, body, { "content-encoding": "gzip" })).statusCode).toBe(400);
    expect((await send(tokens.staff, Buffer.from([0x5b, 0xff, 0x5d]))).json()).toEqual({ error: "body: not UTF-8" });
    expect((await send(tokens.staff, "[{")).statusCode).toBe(400);
    expect((await send(tokens.staff, "[]")).json()).toEqual({ error: "body: no events" });
    expect(await stored(["t-1"])).toEqual([]);
  });

  it("429 with Retry-After past a token's rate; other tokens go on", async () => {
    const slow = await buildServer({ context, tokens: roleTokenBook(context), dashboard: false, collect: collectDeps(2) });
    try {
      const post = (token: string, id: string) =>
        slow.inject({
          method: "POST",
          url: "/api/events",
          payload: json([footfall(id, "a1", at, 1)]),
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        });
      expect((await post(tokens.device, "r-1")).statusCode).toBe(200);
      expect((await post(tokens.device, "r-2")).statusCode).toBe(200);
      const limited = await post(tokens.device, "r-3");
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(29);
      expect((await post(tokens.staff, "r-4")).statusCode).toBe(200);
      expect(await stored(["r-1", "r-2", "r-3", "r-4"])).toEqual(["r-1", "r-2", "r-4"]);
    } finally {
      await slow.close();
    }
  });

  it("503 with Retry-After to every request of a write the engine refuses (too many parts), nothing acknowledged; written once it recovers", async () => {
    // The engine's own transient refusal: any insert into a partition holding a part fails with TOO_MANY_PARTS.
    await warehouse.exec("ALTER TABLE footfall_events MODIFY SETTING parts_to_throw_insert = 1");
    let now = Date.now();
    const deps = { ...collectDeps(1000), now: () => now };
    const stalling = await buildServer({ context, tokens: roleTokenBook(context), dashboard: false, collect: deps });
    try {
      const post = (id = "s-1") =>
        stalling.inject({
          method: "POST",
          url: "/api/events",
          payload: json([footfall(id, "a1", at, 1)]),
          headers: { "content-type": "application/json", authorization: `Bearer ${tokens.staff}` },
        });
      // Sent together, they share the refused write: each is told to retry.
      const together = await Promise.all(["s-1", "s-2", "s-3"].map(post));
      for (const failed of together) {
        expect(failed.statusCode, failed.body).toBe(503);
        expect(failed.headers["retry-after"]).toBe("5");
      }
      // Meanwhile requests are answered at once, unread.
      now += 2000;
      const meanwhile = await post();
      expect(meanwhile.statusCode).toBe(503);
      expect(meanwhile.headers["retry-after"]).toBe("3");
      expect(await stored(["s-1", "s-2", "s-3"])).toEqual([]);
      await warehouse.exec("ALTER TABLE footfall_events RESET SETTING parts_to_throw_insert");
      now += 3000;
      const recovered = await post();
      expect(recovered.statusCode, recovered.body).toBe(200);
      expect(outcomes(recovered.body)).toEqual(["written"]);
    } finally {
      await warehouse.exec("ALTER TABLE footfall_events RESET SETTING parts_to_throw_insert").catch(() => undefined);
      await stalling.close();
    }
  });
});
