import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Inside the checkout (git-ignored), so the compiled modules find the packages as dist/ does.
const out = join(root, ".tmp", `compiled-${process.pid}`);

const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, LOG_LEVEL: "warn", ...env }, encoding: "utf8", timeout: 60_000 });
const compiled = (args: string[], env?: Record<string, string>) => node([join(out, "queries/cli/main.js"), ...args], env);
const sources = (args: string[]) => node(["--import", "tsx", "queries/cli/main.ts", ...args]);

describe("the compiled tree (npm run build)", () => {
  let dataDir: string;
  beforeAll(() => {
    const built = node(["infra/build/build.mjs", out]);
    expect(built.status, built.stderr).toBe(0);
    dataDir = mkdtempSync(join(tmpdir(), "tourism-compiled-"));
  });
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers --help and a subcommand's help exactly as the sources do", () => {
    for (const args of [["--help"], ["report", "holiday", "--help"], ["simulate", "--help"]]) {
      const fromBuild = compiled(args);
      expect(fromBuild.status).toBe(0);
      expect(fromBuild.stdout).toBe(sources(args).stdout);
    }
  });

  it("reads the data kept beside the sources: holiday files, register, migrations", () => {
    const calendar = compiled(["calendar"]);
    expect(calendar.stdout).toMatch(/^holiday calendar: 9 years, 2018–2026/);
    const sites = compiled(["sites", "--format", "json"]);
    expect(JSON.parse(sites.stdout).sites.length).toBeGreaterThan(0);
    const migrated = compiled(["migrate"], { TOURISM_DATA_DIR: dataDir });
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/^applied \d+: 001_event_tables\.sql/);
  });

  it("names the TypeScript source's line in a stack trace, through the source maps", () => {
    const source = "transforms/calendar/dates.ts";
    const line =
      readFileSync(join(root, source), "utf8")
        .split("\n")
        .findIndex((text) => text.includes("are listed`);")) + 1;
    const thrown = node([
      "--enable-source-maps",
      "--input-type=module",
      "-e",
      `import { eachDate } from ${JSON.stringify(join(out, "transforms/calendar/dates.js"))}; eachDate("2000-01-01", "2999-12-31");`,
    ]);
    expect(line).toBeGreaterThan(0);
    expect(thrown.stderr).toContain(`${source}:${line}:`);
  });

  it("keeps a wrong argument a one-line usage error, exit 2", () => {
    const wrong = compiled(["report", "holiday", "--holiday", "qingming", "--year", "1999"], { TOURISM_DATA_DIR: dataDir });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
    expect(wrong.stderr).toMatch(/^tourism: --year: /);
  });
});
