import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type IncomingMessage, batchTextChars, createMessageIngestor, ingestInBatches } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { expectedTotals, validEvents, warehouseTotals } from "../support/events.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

describe("a stream of batches through the ingest path", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openTestEmbedded("beside-writes");
    await migrate(warehouse, pino({ level: "silent" }));
  });
  afterAll(async () => {
    await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
    await warehouse.close();
  });

  it("validates the next batch while the engine writes the one before, and still writes each event once, in order", async () => {
    // Every statement the writer sends, pending until the engine answers.
    let pending = 0;
    const timed =
      <A extends unknown[], T>(work: (...args: A) => Promise<T>) =>
      (...args: A): Promise<T> => {
        pending += 1;
        return work(...args).finally(() => (pending -= 1));
      };
    const watched: Warehouse = { ...warehouse, query: timed(warehouse.query), insert: timed(warehouse.insert), exec: timed(warehouse.exec) };
    // The validation step reads the clock once per run of messages it validates: each read is a validation.
    const validations: { whileEngineWorks: boolean }[] = [];
    const lookup = registerLookup(await loadRegister());
    const ingestor = createMessageIngestor({
      writer: createEventWriter(watched),
      lookup: () => lookup,
      clock: () => {
        validations.push({ whileEngineWorks: pending > 0 });
        return DateTime.fromISO("2024-05-01T00:00:00Z");
      },
    });

    const events = validEvents(9000, 41, "bw");
    const resent = events.slice(0, 500); // the last batch re-sends ids of the first: duplicates, not writes
    const messages: IncomingMessage[] = [...events, ...resent].map((e, i) => ({
      text: JSON.stringify(e),
      source: { kind: "file", name: "beside-writes", partition: 0, position: i },
    }));
    const seen: { positions: number[]; written: number; duplicates: number }[] = [];
    const read = await ingestInBatches(ingestor, messages, 3000, (outcome, batch) => {
      seen.push({ positions: batch.map((m) => m.source.position), written: outcome.written, duplicates: outcome.duplicates });
    });

    expect(read).toBe(messages.length);
    // Each write's outcome came once, in the stream's order, with its own messages.
    expect(seen.flatMap((s) => s.positions)).toEqual(messages.map((m) => m.source.position));
    expect(seen.map((s) => [s.written, s.duplicates])).toEqual([
      [3000, 0],
      [3000, 0],
      [3000, 0],
      [0, 500],
    ]);
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
    // The main thread validated while the engine was busy with a write, not only between writes.
    expect(validations.filter((v) => v.whileEngineWorks).length).toBeGreaterThan(0);
  });

  it("takes messages in runs (a simulated day's) as it takes them one by one: writes cut at the batch size across runs, in order", async () => {
    const lookup = registerLookup(await loadRegister());
    const ingestor = createMessageIngestor({
      writer: createEventWriter(warehouse),
      lookup: () => lookup,
      clock: () => DateTime.fromISO("2024-05-01T00:00:00Z"),
    });
    const events = validEvents(5000, 43, "runs");
    const messages: IncomingMessage[] = events.map((e, i) => ({ text: JSON.stringify(e), source: { kind: "file", name: "runs", partition: 0, position: i } }));
    // Runs of 700, an empty one, single messages: no run lines up with a write of 2,000.
    const runs = async function* (): AsyncGenerator<IncomingMessage | IncomingMessage[]> {
      for (let i = 0; i < 4900; i += 700) yield messages.slice(i, i + 700);
      yield [];
      for (const message of messages.slice(4900)) yield message;
    };
    const writes: { positions: number[]; written: number }[] = [];
    const read = await ingestInBatches(ingestor, runs(), 2000, (outcome, batch) => {
      writes.push({ positions: batch.map((m) => m.source.position), written: outcome.written });
    });
    expect(read).toBe(5000);
    expect(writes.map((w) => [w.positions.length, w.written])).toEqual([
      [2000, 2000],
      [2000, 2000],
      [1000, 1000],
    ]);
    expect(writes.flatMap((w) => w.positions)).toEqual([...Array(5000).keys()]);
  });

  it("cuts a write at its bound of text as well as of lines: long lines never pile up in memory or in one request", async () => {
    const lookup = registerLookup(await loadRegister());
    const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() });
    // Lines just under the 1 MiB a line may have, as a hostile file holds them: 20,000 would be 20 GB.
    const long = "x".repeat(1_000_000);
    const messages = function* (): Generator<IncomingMessage> {
      for (let i = 0; i < 80; i++) yield { text: long, source: { kind: "file", name: "long-lines", partition: 0, position: i } };
    };
    const writes: { chars: number; positions: number[]; invalid: number }[] = [];
    const read = await ingestInBatches(ingestor, messages(), 20_000, (outcome, batch) => {
      writes.push({
        chars: batch.reduce((sum, m) => sum + m.text.length, 0),
        positions: batch.map((m) => m.source.position),
        invalid: outcome.rejected.length,
      });
    });
    expect(read).toBe(80);
    expect(writes.length).toBe(Math.ceil(80 / Math.floor(batchTextChars / long.length)));
    for (const write of writes) expect(write.chars).toBeLessThanOrEqual(batchTextChars);
    expect(writes.flatMap((w) => w.positions)).toEqual([...Array(80).keys()]);
    expect(writes.reduce((sum, w) => sum + w.invalid, 0)).toBe(80);
  });
});
