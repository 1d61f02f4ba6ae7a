import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { importFiles } from "../../ingest/import/import-files.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { type WireEvent, expectedTotals, validEvents, warehouseTotals } from "../support/events.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const dir = mkdtempSync(join(tmpdir(), "tourism-import-"));
const ndjson = (events: readonly object[]) => `${events.map((e) => JSON.stringify(e)).join("\n")}\n`;

describe("tourism import", () => {
  let warehouse: Warehouse;
  let ingestor: ReturnType<typeof createMessageIngestor>;
  beforeAll(async () => {
    warehouse = await openTestEmbedded("import");
    await migrate(warehouse, pino({ level: "silent" }));
    const lookup = registerLookup(await loadRegister());
    ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.fromISO("2024-05-01T00:00:00Z") });
  });
  afterAll(async () => {
    await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
    await warehouse.close();
  });

  it("writes valid lines once, rejects invalid ones with reasons, and a re-run writes nothing", async () => {
    const events = validEvents(2000, 7);
    const duplicated = [...events, ...events.slice(0, 100)];
    const file = join(dir, "events.ndjson");
    const lines = [
      ndjson(duplicated.slice(0, 1000)),
      '{"type":"ticket","event_id":"cut\n',
      `${JSON.stringify({ ...events[0], event_id: "bad-amount", amount_cny: "68.505" })}\n`,
      `${JSON.stringify({ ...events[1], event_id: "bad-site", site_id: "atlantis" })}\n`,
      "\n",
      ndjson(duplicated.slice(1000)),
    ].join("");
    writeFileSync(file, lines);
    const rejectsPath = join(dir, "rejects.ndjson");

    const first = await importFiles([file], { ingestor, batchSize: 300, rejectsPath });
    expect(first).toMatchObject({ read: 2103, written: 2000, duplicates: 100, invalid: 3, rejectsPath });
    expect(first.reasons.map((r) => r.reason).sort()).toEqual(
      [expect.stringMatching(/^amount_cny: expected an amount/), expect.stringMatching(/^not JSON/), 'site_id: unknown site "atlantis"'].sort(),
    );
    const rejects = readFileSync(rejectsPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rejects.map((r) => r.line)).toEqual([1001, 1002, 1003]);
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));

    const again = await importFiles([file], { ingestor, batchSize: 700, rejectsPath });
    expect(again).toMatchObject({ read: 2103, written: 0, duplicates: 2100, invalid: 3 });
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
  });

  it("rejects lines and records whose bytes are not UTF-8 and reads the rest of the file", async () => {
    await warehouse.exec("TRUNCATE TABLE ticket_events");
    await warehouse.exec("TRUNCATE TABLE footfall_events");
    const events = validEvents(6, 21, "bytes");
    const latin1 = (event: object) => Buffer.from(JSON.stringify(event).replace("bytes-", "caf\u00e9-"), "latin1");
    const utf8 = (event: object) => Buffer.from(JSON.stringify(event), "utf8");
    const nl = Buffer.from("\r\n");
    // Lines 2 and 4 carry a Latin-1 é and a lone continuation byte; the others are UTF-8.
    const file = join(dir, "bytes.ndjson");
    writeFileSync(
      file,
      Buffer.concat([utf8(events[0]!), nl, latin1(events[1]!), nl, utf8(events[2]!), nl, Buffer.from([0x7b, 0x80, 0x7d]), nl, utf8(events[3]!)]),
    );
    const rejectsPath = join(dir, "bytes-rejects.ndjson");
    const summary = await importFiles([file], { ingestor, batchSize: 2, rejectsPath });
    expect(summary).toMatchObject({ read: 5, written: 3, invalid: 2, reasons: [{ reason: "not valid UTF-8", count: 2 }] });
    const rejects = readFileSync(rejectsPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; reason: string; text: string });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, "not valid UTF-8"],
      [4, "not valid UTF-8"],
    ]);
    expect(rejects[0]!.text).toContain("caf\uFFFD-");

    const csvFile = join(dir, "bytes.csv");
    const fields = [
      "type",
      "event_id",
      "action",
      "site_id",
      "operator_id",
      "order_id",
      "ticket_type",
      "channel",
      "quantity",
      "amount_cny",
      "gate_id",
      "direction",
      "count",
      "occurred_at",
    ];
    const row = (e: Record<string, unknown>) => fields.map((f) => (e[f] === undefined ? "" : String(e[f]))).join(",");
    const csvEvents = validEvents(4, 22, "csvbytes");
    writeFileSync(
      csvFile,
      Buffer.concat([
        Buffer.from(`${fields.join(",")}\n${row(csvEvents[0]!)}\n`),
        Buffer.from(`${row(csvEvents[1]!).replace("csvbytes-", "gr\u00fc\u00df-")}\n`, "latin1"),
        Buffer.from(`${row(csvEvents[2]!)}\n${row(csvEvents[3]!)}\n`),
      ]),
    );
    const csv = await importFiles([csvFile], { ingestor, batchSize: 10, rejectsPath: join(dir, "bytes-rejects.csv.ndjson") });
    expect(csv).toMatchObject({ read: 4, written: 3, invalid: 1, reasons: [{ reason: "not valid UTF-8", count: 1 }] });
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals([events[0]!, events[2]!, events[3]!, csvEvents[0]!, csvEvents[2]!, csvEvents[3]!]));
  });

  it("finishes an interrupted import without counting anything twice, and reads CSV", async () => {
    await warehouse.exec("TRUNCATE TABLE ticket_events");
    await warehouse.exec("TRUNCATE TABLE footfall_events");
    const events = validEvents(1500, 11, "csv");
    const fields = [
      "type",
      "event_id",
      "action",
      "site_id",
      "operator_id",
      "order_id",
      "ticket_type",
      "channel",
      "quantity",
      "amount_cny",
      "gate_id",
      "direction",
      "count",
      "occurred_at",
    ];
    const csv = `${[fields.join(","), ...events.map((e) => fields.map((f) => (e[f] === undefined ? "" : `"${String(e[f])}"`)).join(","))].join("\r\n")}\r\n`;
    const whole = join(dir, "events.csv");
    writeFileSync(whole, csv);
    // The "interrupted" first run got through the first 600 records only.
    const partial = join(dir, "partial.csv");
    writeFileSync(partial, `${csv.split("\r\n").slice(0, 601).join("\r\n")}\r\n`);

    const cut = await importFiles([partial], { ingestor, batchSize: 250, rejectsPath: join(dir, "r1") });
    expect(cut).toMatchObject({ read: 600, written: 600, invalid: 0, rejectsPath: null });
    const rest = await importFiles([whole], { ingestor, batchSize: 250, rejectsPath: join(dir, "r2") });
    expect(rest).toMatchObject({ read: 1500, written: 900, duplicates: 600, invalid: 0 });
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
  });

  const readRejects = (path: string) =>
    readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; cause: string; reason: string; text: string });

  it("writes the rest of the file when the warehouse refuses a line, with the engine's reason in the rejects", async () => {
    await warehouse.exec("TRUNCATE TABLE ticket_events");
    await warehouse.exec("TRUNCATE TABLE footfall_events");
    await warehouse.exec("ALTER TABLE ticket_events ADD CONSTRAINT refuse_marked CHECK event_id != 'refused-by-the-engine'");
    try {
      const events = validEvents(1000, 31, "refuse");
      const refused = { ...events.find((e) => e.type === "ticket")!, event_id: "refused-by-the-engine" };
      const file = join(dir, "refused.ndjson");
      writeFileSync(file, ndjson([...events.slice(0, 500), refused, ...events.slice(500)]));
      const rejectsPath = join(dir, "refused-rejects.ndjson");

      const summary = await importFiles([file], { ingestor, batchSize: 400, rejectsPath });
      expect(summary).toMatchObject({ read: 1001, written: 1000, duplicates: 0, invalid: 0, conflicts: 0, refused: 1, rejectsPath });
      const [reject, ...others] = readRejects(rejectsPath);
      expect(others).toEqual([]);
      expect(reject).toMatchObject({ line: 501, cause: "refused", text: JSON.stringify(refused) });
      expect(reject!.reason).toMatch(/^Code: 469\..*refuse_marked.*VIOLATED_CONSTRAINT/);
      expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
    } finally {
      await warehouse.exec("ALTER TABLE ticket_events DROP CONSTRAINT refuse_marked");
    }
  });

  it("keeps the first content of an id: the same again is a duplicate, other content a conflict, non-ASCII ids included", async () => {
    await warehouse.exec("TRUNCATE TABLE ticket_events");
    await warehouse.exec("TRUNCATE TABLE footfall_events");
    const sample = validEvents(20, 41, "id");
    const ticket = sample.find((e) => e.type === "ticket")!;
    const footfall = sample.find((e) => e.type === "footfall")!;
    const firsts: WireEvent[] = [
      { ...ticket, event_id: "清明-🌸-订单-0405" },
      { ...ticket, event_id: `quote'and\\back"slash`, order_id: "o-quote" },
      { ...footfall, event_id: "闸机-🚪-北门" },
    ];
    const changed = [
      { ...firsts[0]!, quantity: Number(firsts[0]!.quantity) + 1 },
      { ...firsts[1]!, amount_cny: "0.01" },
      { ...firsts[2]!, count: Number(firsts[2]!.count) + 1 },
    ];
    const file = join(dir, "ids.ndjson");
    writeFileSync(file, ndjson([...firsts, ...firsts, ...changed]));
    const rejectsPath = join(dir, "ids-rejects.ndjson");

    // In one batch, then one line per batch against what is stored, then once more.
    const inBatch = await importFiles([file], { ingestor, batchSize: 100, rejectsPath });
    expect(inBatch).toMatchObject({ read: 9, written: 3, duplicates: 3, conflicts: 3, invalid: 0, refused: 0 });
    const rejects = readRejects(rejectsPath);
    expect(rejects.map((r) => r.line)).toEqual([7, 8, 9]);
    for (const [i, reject] of rejects.entries()) {
      expect(reject.cause).toBe("conflict");
      expect(reject.reason).toBe(`conflicts with stored event ${JSON.stringify(firsts[i]!.event_id)}: same event_id, different content`);
    }
    for (const batchSize of [1, 100]) {
      expect(await importFiles([file], { ingestor, batchSize, rejectsPath })).toMatchObject({ written: 0, duplicates: 6, conflicts: 3 });
    }

    for (const first of firsts) {
      const [stored] = await warehouse.query(
        "SELECT count() AS n FROM (SELECT event_id FROM ticket_events UNION ALL SELECT event_id FROM footfall_events) WHERE event_id = {id:String}",
        { id: first.event_id },
        z.object({ n: int64 }),
      );
      expect(stored, first.event_id).toEqual({ n: 1 });
    }
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(firsts));
  });
});
