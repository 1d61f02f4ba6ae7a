import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { displayWidth } from "../../infra/text-table.ts";
import { createLogger } from "../../infra/logger.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { createAlertEvaluator } from "../../ingest/alerts/evaluator.ts";
import { loadRegister } from "../../transforms/register/register.ts";
import { runTourism } from "../support/child.ts";

/**
 * Every table the CLI prints, on the sample register (its long site ids and names) and simulated
 * events of two springs, read from a pipe as a script or a log would: within 100 columns.
 */
const dir = mkdtempSync(join(tmpdir(), "tourism-cli-width-"));
const env = {
  TOURISM_DATA_DIR: join(dir, "data"),
  CLICKHOUSE_URL: "",
  CLICKHOUSE_DATABASE: "test_cli_width",
  TOURISM_TOKENS: join(dir, "tokens.json"),
  LOG_LEVEL: "silent",
};

async function tourism(args: readonly string[]): Promise<string> {
  const run = await runTourism(args, env);
  expect(run.code, `tourism ${args.join(" ")}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

const widest = (text: string) => Math.max(...text.split("\n").map(displayWidth));

beforeAll(async () => {
  for (const year of [2023, 2024]) {
    await tourism(["simulate", "--from-date", `${year}-03-16`, "--to-date", `${year}-04-10`, "--to", "file", join(dir, `${year}.ndjson`)]);
  }
  await tourism(["migrate"]);
  await tourism(["import", join(dir, "2023.ndjson"), join(dir, "2024.ndjson"), "--rejects", join(dir, "rejects.ndjson")]);
  await tourism(["report", "bulletin", "--holiday", "qingming", "--year", "2024", "--date", "2024-04-05", "--archive"]);
  await tourism([
    "tokens",
    "add",
    "--role",
    "operator:langxia-country-park-co",
    "--name",
    "廊下郊野公园管理有限公司 Langxia Country Park Management Co., Ltd.",
  ]);
  // Imports raise no alerts; evaluate the busiest day as the worker would have after its write.
  const register = await loadRegister();
  const warehouse = await openEmbeddedWarehouse(env.TOURISM_DATA_DIR, env.CLICKHOUSE_DATABASE);
  const evaluator = createAlertEvaluator({ warehouse, register, log: createLogger("silent"), lateAfterMs: 60_000 });
  evaluator.written(register.sites.map((site) => ({ site_id: site.site_id, local_date: "2024-04-04" })));
  await evaluator.settled();
  await warehouse.close();
}, 300_000);

describe("the CLI's tables on a pipe", () => {
  const tables: [string, string[]][] = [
    ["holiday", ["report", "holiday", "--holiday", "qingming", "--year", "2024", "--baseline", "2023"]],
    ["holiday by site", ["report", "holiday", "--holiday", "qingming", "--year", "2024", "--by", "site"]],
    ["holiday by operator", ["report", "holiday", "--holiday", "qingming", "--year", "2024", "--town", "langxia", "--by", "operator"]],
    ["festival by site", ["report", "festival", "--festival", "flower-festival", "--year", "2024", "--by", "site"]],
    ["trend by day", ["report", "trend", "--from", "2024-03-16", "--to", "2024-04-10", "--granularity", "day"]],
    ["trend by week", ["report", "trend", "--from", "2024-03-16", "--to", "2024-04-30", "--granularity", "week"]],
    ["growth", ["report", "growth", "--from", "2023", "--to", "2024", "--baseline", "2023"]],
    ["live", ["report", "live", "--at", "2024-04-05T15:00:00+08:00"]],
    ["bulletin archive", ["bulletins"]],
    ["alerts", ["alerts", "--since", "2024-04-01T00:00"]],
    ["tokens", ["tokens", "list"]],
  ];

  it.each(tables)("%s fits 100 columns", async (_name, args) => {
    const text = await tourism(args);
    expect(text.split("\n").length).toBeGreaterThan(4);
    expect(widest(text)).toBeLessThanOrEqual(100);
  });

  it("keeps every figure whole and names each row in every part of a split table", async () => {
    const args = ["report", "holiday", "--holiday", "qingming", "--year", "2024", "--by", "site", "--lang", "en"];
    const json = JSON.parse(await tourism([...args, "--format", "json"]));
    const text = await tourism(args);
    const yuan = (fen: number) => (fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    for (const part of json.breakdown) {
      expect(text).toContain(part.current.visitors.toLocaleString("en-US"));
      if (typeof part.current.revenue_fen === "number") expect(text).toContain(yuan(part.current.revenue_fen));
    }
    const parts = text.split("\n\n").filter((part) => part.startsWith("Period"));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part).toMatch(/^2024\s+Langxia/m);
  });

  it("prints the archive's and the tokens' instants as the sites' local time with its offset; JSON keeps ISO", async () => {
    const archived = JSON.parse(await tourism(["bulletins", "--format", "json"]))[0];
    expect(archived.generated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/);
    const local = new Date(Date.parse(archived.generated_at) + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
    expect(await tourism(["bulletins"])).toContain(`${local} +08:00`);
    const tokens = await tourism(["tokens", "list"]);
    expect(tokens).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+08:00/);
    const alerts = await tourism(["alerts", "--since", "2024-04-01T00:00"]);
    expect(alerts).toMatch(/^[0-9a-f]{24}\s+2024-04-04 \d{2}:\d{2}:\d{2} \+08:00\s/m);
    for (const text of [tokens, alerts, await tourism(["bulletins"])]) expect(text).not.toMatch(/\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})\b/);
  });

  it("leaves out the id column in the table, never in CSV or JSON", async () => {
    const args = ["report", "holiday", "--holiday", "qingming", "--year", "2024", "--by", "site", "--lang", "en"];
    expect(await tourism(args)).not.toContain("langxia-country-park");
    expect((await tourism([...args, "--format", "csv"])).split("\r\n")[0]).toContain("ID");
    expect(JSON.stringify(JSON.parse(await tourism([...args, "--format", "json"])).breakdown)).toContain("langxia-country-park");
  });
});
