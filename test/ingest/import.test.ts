import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles } from "../../ingest/import/import-files.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { expectedTotals, validEvents, warehouseTotals } from "../support/events.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const dir = mkdtempSync(join(tmpdir(), "tourism-import-"));
const ndjson = (events: readonly object[]) => events.map((e) => JSON.stringify(e)).join("\n") + "\n";

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
      JSON.stringify({ ...events[0], event_id: "bad-amount", amount_cny: "68.505" }) + "\n",
      JSON.stringify({ ...events[1], event_id: "bad-site", site_id: "atlantis" }) + "\n",
      "\n",
      ndjson(duplicated.slice(1000)),
    ].join("");
    writeFileSync(file, lines);
    const rejectsPath = join(dir, "rejects.ndjson");

    const first = await importFiles([file], { ingestor, batchSize: 300, rejectsPath });
    expect(first).toMatchObject({ read: 2103, written: 2000, duplicates: 100, invalid: 3, rejectsPath });
    expect(first.reasons.map((r) => r.reason).sort()).toEqual([
      expect.stringMatching(/^amount_cny: expected an amount/),
      expect.stringMatching(/^not JSON/),
      'site_id: unknown site "atlantis"',
    ].sort());
    const rejects = readFileSync(rejectsPath, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { line: number; reason: string });
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
    writeFileSync(file, Buffer.concat([utf8(events[0]!), nl, latin1(events[1]!), nl, utf8(events[2]!), nl, Buffer.from([0x7b, 0x80, 0x7d]), nl, utf8(events[3]!)]));
    const rejectsPath = join(dir, "bytes-rejects.ndjson");
    const summary = await importFiles([file], { ingestor, batchSize: 2, rejectsPath });
    expect(summary).toMatchObject({ read: 5, written: 3, invalid: 2, reasons: [{ reason: "not valid UTF-8", count: 2 }] });
    const rejects = readFileSync(rejectsPath, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { line: number; reason: string; text: string });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([[2, "not valid UTF-8"], [4, "not valid UTF-8"]]);
    expect(rejects[0]!.text).toContain("caf\uFFFD-");

    const csvFile = join(dir, "bytes.csv");
    const fields = ["type", "event_id", "action", "site_id", "operator_id", "order_id", "ticket_type", "channel", "quantity", "amount_cny", "gate_id", "direction", "count", "occurred_at"];
    const row = (e: Record<string, unknown>) => fields.map((f) => (e[f] === undefined ? "" : String(e[f]))).join(",");
    const csvEvents = validEvents(4, 22, "csvbytes");
    writeFileSync(csvFile, Buffer.concat([
      Buffer.from(`${fields.join(",")}\n${row(csvEvents[0]!)}\n`),
      Buffer.from(`${row(csvEvents[1]!).replace("csvbytes-", "gr\u00fc\u00df-")}\n`, "latin1"),
      Buffer.from(`${row(csvEvents[2]!)}\n${row(csvEvents[3]!)}\n`),
    ]));
    const csv = await importFiles([csvFile], { ingestor, batchSize: 10, rejectsPath: join(dir, "bytes-rejects.csv.ndjson") });
    expect(csv).toMatchObject({ read: 4, written: 3, invalid: 1, reasons: [{ reason: "not valid UTF-8", count: 1 }] });
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals([events[0]!, events[2]!, events[3]!, csvEvents[0]!, csvEvents[2]!, csvEvents[3]!]));
  });

  it("finishes an interrupted import without counting anything twice, and reads CSV", async () => {
    await warehouse.exec("TRUNCATE TABLE ticket_events");
    await warehouse.exec("TRUNCATE TABLE footfall_events");
    const events = validEvents(1500, 11, "csv");
    const fields = ["type", "event_id", "action", "site_id", "operator_id", "order_id", "ticket_type", "channel", "quantity", "amount_cny", "gate_id", "direction", "count", "occurred_at"];
    const csv = [fields.join(","), ...events.map((e) => fields.map((f) => (e[f] === undefined ? "" : `"${String(e[f])}"`)).join(","))].join("\r\n") + "\r\n";
    const whole = join(dir, "events.csv");
    writeFileSync(whole, csv);
    // The "interrupted" first run got through the first 600 records only.
    const partial = join(dir, "partial.csv");
    writeFileSync(partial, csv.split("\r\n").slice(0, 601).join("\r\n") + "\r\n");

    const cut = await importFiles([partial], { ingestor, batchSize: 250, rejectsPath: join(dir, "r1") });
    expect(cut).toMatchObject({ read: 600, written: 600, invalid: 0, rejectsPath: null });
    const rest = await importFiles([whole], { ingestor, batchSize: 250, rejectsPath: join(dir, "r2") });
    expect(rest).toMatchObject({ read: 1500, written: 900, duplicates: 600, invalid: 0 });
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
  });
});
