import type { FastifyInstance } from "fastify";
import { defaultNaming } from "../support/naming.ts";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { knownIds, tokenBook } from "../../queries/access/tokens.ts";
import { buildServer } from "../../queries/api/server.ts";
import { writtenSignal } from "../../queries/live/written-signal.ts";
import { migrate } from "../../transforms/migrate.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import { testRegister } from "./fixtures.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";

const register = {
  ...testRegister,
  sites: testRegister.sites.map((s) => (s.site_id === "a1" ? { ...s, capacity: [{ from: "2020-01-01", instant: 50, daily: 200 }] } : s)),
};
const now = DateTime.fromISO("2025-10-03T12:00:00", { zone: "Asia/Shanghai" });
const staff = "staff-token-000000000001";

let warehouse: Warehouse;
let app: FastifyInstance;
let base: string;
const signal = writtenSignal();
let ingest: (id: string, count: number, time: string) => Promise<void>;
let server: () => Promise<FastifyInstance>;

beforeAll(async () => {
  warehouse = await openTestEmbedded("live-stream");
  await migrate(warehouse, createLogger("silent"));
  const ingestor = createMessageIngestor({
    writer: createEventWriter(warehouse),
    lookup: () => registerLookup(register),
    clock: () => now,
    onWritten: () => signal.notify(),
  });
  ingest = async (id, count, time) => {
    const event = { type: "footfall", event_id: id, site_id: "a1", gate_id: "g", direction: "in", count, occurred_at: `2025-10-03T${time}` };
    await ingestor.ingest([{ text: JSON.stringify(event), source: { kind: "file", name: "sse", partition: 0, position: 0 } }]);
  };
  await ingest("s1", 10, "09:00:00");
  const tokens = tokenBook({ tokens: [{ token: staff, role: "staff", name: "office" }] }, knownIds(register));
  const calendar = await loadHolidayCalendar();
  server = () =>
    buildServer({
      context: { warehouse, register, festivals: [], calendar, naming: defaultNaming },
      tokens,
      clock: () => now,
      written: signal,
      dashboard: false,
    });
  app = await server();
  base = await app.listen({ host: "127.0.0.1", port: 0 });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await warehouse?.close();
});

/** Reads server-sent events off a fetch body, one `data:` payload at a time. */
function events(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return async function next(): Promise<{ event: string; data: unknown }> {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(":")) continue;
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? "null";
        return { event, data: JSON.parse(data) };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended");
      buffer += decoder.decode(value, { stream: true });
    }
  };
}

describe("GET /api/live/stream", () => {
  it("sends a snapshot at once and a fresh one after events are written", async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/live/stream?site=a1`, { headers: { authorization: `Bearer ${staff}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const next = events(response.body!);
    expect(await next()).toMatchObject({ event: "snapshot", data: { entries: 10, occupancy: 10, occupancy_pct: 20 } });
    const written = Date.now();
    await ingest("s2", 15, "11:30:00");
    expect(await next()).toMatchObject({ event: "snapshot", data: { entries: 25, occupancy: 25, occupancy_pct: 50 } });
    expect(Date.now() - written).toBeLessThan(3000);
    controller.abort();
  });

  it("needs the bearer token and answers a wrong parameter before opening the stream", async () => {
    expect((await fetch(`${base}/api/live/stream`)).status).toBe(401);
    const bad = await fetch(`${base}/api/live/stream?site=zz`, { headers: { authorization: `Bearer ${staff}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: expect.stringMatching(/^site: expected one of/) });
  });

  it("ends open streams when the server closes, so that stopping never waits for a listening dashboard", async () => {
    const closing = await server();
    const url = await closing.listen({ host: "127.0.0.1", port: 0 });
    const response = await fetch(`${url}/api/live/stream?site=a1`, { headers: { authorization: `Bearer ${staff}` } });
    const next = events(response.body!);
    expect((await next()).event).toBe("snapshot");
    const started = Date.now();
    await closing.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(next()).rejects.toThrow("stream ended");
  });
});
