import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { qingmingBatches, testFestivals, testRegister } from "./fixtures.ts";

/** The real `tourism` program in its own process, on its own data directory. */
const dir = mkdtempSync(join(tmpdir(), "tourism-cli-report-"));
const env = {
  ...process.env,
  TOURISM_DATA_DIR: join(dir, "data"),
  CLICKHOUSE_URL: "",
  CLICKHOUSE_DATABASE: "test_cli_reports",
  TOURISM_REGISTER: join(dir, "register.json"),
  TOURISM_FESTIVALS: join(dir, "festivals.json"),
  TOURISM_TOKENS: "",
  LOG_LEVEL: "silent",
};

function tourism(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "queries/cli/main.ts", ...args], {
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  writeFileSync(env.TOURISM_REGISTER, JSON.stringify(testRegister));
  writeFileSync(env.TOURISM_FESTIVALS, JSON.stringify({ festivals: testFestivals }));
  writeFileSync(
    join(dir, "events.ndjson"),
    `${qingmingBatches()
      .flat()
      .map((e) => JSON.stringify(e))
      .join("\n")}\n`,
  );
  writeFileSync(join(dir, "tokens.json"), JSON.stringify({ tokens: [{ token: "operator-a-token-0000001", role: "operator:opA", name: "Farm A" }] }), {
    mode: 0o600,
  });
  expect(tourism(["migrate"]).status).toBe(0);
  const imported = tourism(["import", join(dir, "events.ndjson"), "--rejects", join(dir, "rejects.ndjson")]);
  expect(imported.status, imported.stderr).toBe(0);
});

describe("tourism report", () => {
  it("prints JSON in the issue's shape", () => {
    const run = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--site", "a1", "--format", "json"]);
    expect(run.status, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body).toMatchObject({
      comparable: false,
      current: { visitors: 425, revenue_cny: "330.25" },
      previous: { visitors: 100 },
      yoy: { visitors_per_day_pct: 41.7 },
    });
  });

  it("prints a table with Chinese and English labels that says per-day is the fair comparison", () => {
    const run = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("游客");
    expect(run.stdout).toContain("visitors");
    expect(run.stdout).toContain("the per-day figures are the fair comparison");
  });

  it("prints CSV", () => {
    const run = tourism(["report", "growth", "--from-year", "2023", "--to-year", "2024", "--format", "csv"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split("\r\n")[0]).toBe(
      "year,visitors,visitors_yoy_pct,visitors_vs_baseline_pct,revenue_fen,revenue_cny,revenue_yoy_pct,revenue_vs_baseline_pct,complete,missing_days,revenue_withheld",
    );
  });

  it("rejects a wrong value in one line naming the flag, exit 2", () => {
    const run = tourism(["report", "trend", "--from", "2024-04-01", "--to", "2024-04-30", "--granularity", "year"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('tourism: --granularity: expected one of day|week|month, got "year"\n');
  });

  it("bounds dates and years as the API does, with the same messages", () => {
    const far = tourism(["report", "trend", "--from", "9999-12-31", "--to", "9999-12-31", "--align", "weekday"]);
    expect(far.status).toBe(2);
    expect(far.stderr).toMatch(/^tourism: --from: expected a date from 2015-01-01 to \d{4}-\d{2}-\d{2}, got "9999-12-31"\n$/);
    const early = tourism(["report", "growth", "--from-year", "2023", "--to-year", "2024", "--baseline", "1970"]);
    expect(early.status).toBe(2);
    expect(early.stderr).toMatch(/^tourism: --baseline: expected a year from 2015 to \d{4}, got "1970"\n$/);
  });

  it("acts for a token's holder and refuses what the role may not see", () => {
    const tokensEnv = { TOURISM_TOKENS: join(dir, "tokens.json") };
    const denied = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--town", "t1", "--token", "operator-a-token-0000001"], tokensEnv);
    expect(denied.status).toBe(2);
    expect(denied.stderr).toBe("tourism: --token: operator:opA sees its own figures and alliance-wide aggregates, not town figures\n");
    const unseen = tourism(
      ["report", "holiday", "--holiday", "qingming", "--year", "2024", "--operator", "opB", "--token", "operator-a-token-0000001"],
      tokensEnv,
    );
    expect(unseen.status).toBe(2);
    expect(unseen.stderr).toBe('tourism: --operator: expected one of opA, got "opB"\n');
    const unknown = tourism(["report", "growth", "--from-year", "2023", "--to-year", "2024", "--token", "nope"], tokensEnv);
    expect(unknown.stderr).toBe("tourism: --token: not a token in TOURISM_TOKENS\n");
  });

  it("takes the token from TOURISM_TOKEN, out of the process list", () => {
    const tokensEnv = { TOURISM_TOKENS: join(dir, "tokens.json"), TOURISM_TOKEN: "operator-a-token-0000001" };
    const denied = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--town", "t1"], tokensEnv);
    expect(denied.status).toBe(2);
    expect(denied.stderr).toBe("tourism: TOURISM_TOKEN: operator:opA sees its own figures and alliance-wide aggregates, not town figures\n");
    const own = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--operator", "opA", "--format", "json"], tokensEnv);
    expect(own.status, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ current: { revenue_fen: 33025, revenue_withheld: false } });
  });

  it("marks withheld revenue in the table, and leaves it empty with revenue_withheld in CSV", () => {
    // Alliance-wide, opA's and opB's sales: one other operator, fewer than three.
    const tokensEnv = { TOURISM_TOKENS: join(dir, "tokens.json"), TOURISM_TOKEN: "operator-a-token-0000001" };
    const table = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024"], tokensEnv);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain("不公开 withheld");
    expect(table.stdout).toContain("Revenue withheld: fewer than 3 other operators contributed to this figure (threshold rule).");
    const csv = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--format", "csv"], tokensEnv);
    const [header, current] = csv.stdout.split("\r\n").map((line) => line.split(","));
    const field = (name: string) => current![header!.indexOf(name)];
    expect([field("visitors"), field("revenue_fen"), field("revenue_cny"), field("revenue_pct"), field("revenue_withheld")]).toEqual([
      "495",
      "",
      "",
      "",
      "true",
    ]);
  });
});
