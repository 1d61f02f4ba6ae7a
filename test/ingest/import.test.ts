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
