import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validEvents } from "../support/events.ts";

/** The real `tourism` program in its own process, on its own data directory. */
const dir = mkdtempSync(join(tmpdir(), "tourism-import-cli-"));
const dataDir = join(dir, "data");
const database = "test_import_cli";
const env = { ...process.env, TOURISM_DATA_DIR: dataDir, CLICKHOUSE_URL: "", CLICKHOUSE_DATABASE: database, LOG_LEVEL: "silent" };

function run(args: string[]) {
  const result = spawnSync(process.execPath, args, { env, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const tourism = (args: string[]) => run(["--import", "tsx", "queries/cli/main.ts", ...args]);

describe("tourism import when the warehouse refuses a line", () => {
  it("writes the other lines, puts the refused one in the rejects file with the engine's reason, and exits 1 with the count", () => {
    expect(tourism(["migrate"]).status).toBe(0);
    // A rule of the warehouse that validation does not know, added in the test's own database.
    const constrain = run([
      "--input-type=module",
      "-e",
      `import { Session } from "chdb"; const s = new Session(${JSON.stringify(dataDir)});
       await s.queryAsync("ALTER TABLE ${database}.ticket_events ADD CONSTRAINT refuse_marked CHECK event_id != 'refused-by-the-engine'"); s.close();`,
    ]);
    expect(constrain.status, constrain.stderr).toBe(0);
    const events = validEvents(300, 59, "cli");
    const refused = { ...events.find((e) => e.type === "ticket")!, event_id: "refused-by-the-engine" };
    const file = join(dir, "events.ndjson");
    writeFileSync(file, `${[...events.slice(0, 150), refused, ...events.slice(150)].map((e) => JSON.stringify(e)).join("\n")}\n`);
    const rejectsPath = join(dir, "rejects.ndjson");

    const imported = tourism(["import", file, "--rejects", rejectsPath, "--batch-size", "100"]);
    expect(imported.status).toBe(1);
    expect(imported.stdout).toContain("read 301, written 300, duplicates 0, invalid 0, conflicts 0, refused by the warehouse 1");
    expect(imported.stderr).toBe(`tourism: 1 lines refused by the warehouse; the rest were written (reasons in ${rejectsPath})\n`);
    const rejects = readFileSync(rejectsPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; cause: string; reason: string });
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ line: 151, cause: "refused" });
    expect(rejects[0]!.reason).toMatch(/VIOLATED_CONSTRAINT/);

    const again = tourism(["import", file, "--rejects", rejectsPath]);
    expect(again.stdout).toContain("read 301, written 0, duplicates 300");
  });
});
