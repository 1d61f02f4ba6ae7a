import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
    expect(table.stdout).toContain("在园人数");
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
    const after = JSON.parse(tourism(["alerts", "--format", "json"]).stdout).alerts[0];
    expect(after.acknowledged_by).toBe("值班员");
    expect(DateTime.fromISO(after.acknowledged_at).isValid).toBe(true);
  });

  it("refuses an unknown id and an unknown site with one line, exit 2", () => {
    expect(tourism(["alerts", "ack", "nope"])).toMatchObject({ status: 2, stderr: 'tourism: id: no alert "nope"\n' });
    const run = tourism(["alerts", "--site", "zz"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('tourism: --site: expected one of farm, got "zz"\n');
  });
});
