import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../infra/logger.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { createAlertEvaluator } from "../../ingest/alerts/evaluator.ts";
import { capacityRegister } from "../support/capacity-register.ts";

/** The real `tourism` program on its own data directory: `report live` and `alerts`. */
const dir = mkdtempSync(join(tmpdir(), "tourism-cli-live-"));
const env = {
  ...process.env,
  TOURISM_DATA_DIR: join(dir, "data"),
  CLICKHOUSE_URL: "",
  CLICKHOUSE_DATABASE: "test_cli_live",
  TOURISM_REGISTER: join(dir, "register.json"),
  TOURISM_FESTIVALS: join(dir, "festivals.json"),
  TOURISM_TOKENS: "",
  LOG_LEVEL: "silent",
};

// The farm alone: one site, one gate.
const base = capacityRegister("cli-live");
const register = { ...base, sites: base.sites.filter((site) => site.site_id === "farm") };

function tourism(args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "queries/cli/main.ts", ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  writeFileSync(env.TOURISM_REGISTER, JSON.stringify(register));
  writeFileSync(env.TOURISM_FESTIVALS, JSON.stringify({ festivals: [] }));
  const events = [
    { type: "footfall", event_id: "c1", site_id: "farm", gate_id: "g", direction: "in", count: 9, occurred_at: "2025-10-03T09:00:00" },
    { type: "footfall", event_id: "c2", site_id: "farm", gate_id: "g", direction: "out", count: 2, occurred_at: "2025-10-03T11:00:00" },
    { type: "footfall", event_id: "c3", site_id: "farm", gate_id: "g", direction: "in", count: 5, occurred_at: "2025-10-03T13:00:00" },
  ];
  writeFileSync(join(dir, "events.ndjson"), `${events.map((e) => JSON.stringify(e)).join("\n")}\n`);
  const imported = tourism(["import", join(dir, "events.ndjson"), "--rejects", join(dir, "rejects.ndjson")]);
  expect(imported.status, imported.stderr).toBe(0);
  // Imports raise no alerts; evaluate here, as the worker would have after its write.
  const warehouse = await openEmbeddedWarehouse(env.TOURISM_DATA_DIR, env.CLICKHOUSE_DATABASE);
  const evaluator = createAlertEvaluator({ warehouse, register, log: createLogger("silent"), lateAfterMs: 60_000 });
  evaluator.written([{ site_id: "farm", local_date: "2025-10-03" }]);
  await evaluator.settled();
  await warehouse.close();
}, 120_000);

describe("tourism report live", () => {
  it("answers for a moment in the middle of a day", () => {
    const run = tourism(["report", "live", "--site", "farm", "--at", "2025-10-03T12:00", "--format", "json"]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ entries: 9, exits: 2, occupancy: 7, occupancy_pct: 70, entries_pct: 22.5 });
    const table = tourism(["report", "live", "--site", "farm", "--at", "2025-10-03T12:00"]);
    // The moment asked for in the sites' time with its offset; the headers wrap within 100 columns.
    expect(table.stdout).toMatch(/^实时 2025-10-03 12:00:00 \+08:00 — /);
    const csv = tourism(["report", "live", "--site", "farm", "--at", "2025-10-03T12:00", "--format", "csv"]).stdout;
    expect(csv.split("\r\n")[0]).toContain("在园人数");
    // The latest count (11:00 local) in the sites' time with its offset.
    // A farm reports every 45 minutes: an hour's silence at 12:00 is not yet three missed intervals, so not stale.
    expect(csv).toMatch(/\r\n[^,\r\n]*,farm,9,2,7,.*,2025-10-03T11:00:00\+08:00,否\r\n/);
  });

  it("gives today's entries by hour against the comparison day in json, table, CSV and xlsx", async () => {
    const at = ["report", "live", "--site", "farm", "--at", "2025-10-03T12:00"];
    const json = JSON.parse(tourism([...at, "--format", "json"]).stdout);
    // Day 3 of National Day 2025 against day 3 of last year's (3 October 2024), which has no events.
    expect(json.hourly).toHaveLength(13);
    expect(json.hourly[9]).toEqual({ hour: 9, entries: 9, last_year_entries: 0 });
    expect(json.hourly[11]).toEqual({ hour: 11, entries: 0, last_year_entries: 0 });
    expect(tourism(at).stdout).toMatch(/分时入园 2025-10-03[\s\S]*09:00\s+9\s+0/);
    const csv = tourism([...at, "--format", "csv"]).stdout;
    const [sites, hours] = csv.split("\r\n\r\n");
    expect(sites!.startsWith("\uFEFF景点,编号,入园,")).toBe(true);
    expect(hours!.split("\r\n").slice(0, 2)).toEqual(["时段,入园,上年同期入园,同比（%）", "00:00,0,0,"]);
    expect(hours).toContain("\r\n09:00,9,0,\r\n");
    const en = tourism([...at, "--format", "csv", "--lang", "en"]).stdout;
    expect(en.split("\r\n\r\n")[1]!.split("\r\n")[0]).toBe("Hour,Entries,Entries last year,Change (%)");
    const file = join(dir, "live.xlsx");
    expect(tourism([...at, "--format", "xlsx", "--output", file]).status).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(["live 1", "live 2"]);
    const hourly = book.getWorksheet("live 2")!;
    const nine = hourly.getSheetValues().find((row) => Array.isArray(row) && row[1] === "09:00") as unknown[];
    expect(nine.slice(1, 3)).toEqual(["09:00", 9]);
  });

  it("names a wrong --at in one line, exit 2", () => {
    const run = tourism(["report", "live", "--at", "noon"]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toMatch(/^tourism: --at: expected an ISO-8601 date and time/);
  });
});

describe("tourism alerts", () => {
  it("lists the alerts and records who acknowledges one", () => {
    const listed = tourism(["alerts", "--site", "farm", "--format", "json"]);
    expect(listed.status, listed.stderr).toBe(0);
    const [alert] = JSON.parse(listed.stdout).alerts;
    expect(alert).toMatchObject({ site_id: "farm", measure: "instant", level: "full", figure: 12, capacity: 10, late: true, acknowledged_by: "" });
    const acked = tourism(["alerts", "ack", alert.alert_id, "--by", "值班员"]);
    expect(acked.status, acked.stderr).toBe(0);
    expect(acked.stdout).toMatch(/ acknowledged by 值班员 at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+08:00\n$/);
    const after = JSON.parse(tourism(["alerts", "--format", "json"]).stdout).alerts[0];
    expect(after.acknowledged_by).toBe("值班员");
    expect(DateTime.fromISO(after.acknowledged_at).isValid).toBe(true);
  });

  it("prints the time of each change as the sites' local time with its offset; JSON keeps the instant", () => {
    // The farm filled at 13:00 local time (05:00 UTC), when the third count came in.
    expect(JSON.parse(tourism(["alerts", "--format", "json"]).stdout).alerts[0].occurred_at).toBe("2025-10-03T05:00:00.000Z");
    const table = tourism(["alerts"]).stdout;
    expect(table).toMatch(/^\S+\s+2025-10-03 13:00:00 \+08:00\s+farm\s+instant\s+full\b/m);
    expect(table).not.toMatch(/\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/);
  });

  it("refuses an unknown id and an unknown site with one line, exit 2", () => {
    expect(tourism(["alerts", "ack", "nope"])).toMatchObject({ status: 2, stderr: 'tourism: id: no alert "nope"\n' });
    const run = tourism(["alerts", "--site", "zz"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('tourism: --site: expected one of farm, got "zz"\n');
  });
});
