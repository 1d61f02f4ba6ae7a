import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
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

describe("tourism import's exit status", () => {
  it("reads a gzipped file with a byte-order mark, and exits 3 naming the count when lines were rejected", () => {
    expect(tourism(["migrate"]).status).toBe(0);
    const events = validEvents(50, 61, "gz");
    const file = join(dir, "events.ndjson.gz");
    const lines = [...events.map((e) => JSON.stringify(e)), '{"type":"ticket","event_id":"broken"}', JSON.stringify({ ...events[0]!, event_id: "gz-other" })];
    writeFileSync(file, gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join("\n")}\n`)])));
    const rejectsPath = join(dir, "gz-rejects.ndjson");

    const imported = tourism(["import", file, "--rejects", rejectsPath]);
    expect(imported.stdout).toContain("read 52, written 51, duplicates 0, invalid 1, conflicts 0, refused by the warehouse 0");
    expect(imported.stderr).toBe(`tourism: 1 lines rejected (invalid 1, conflicts 0); the rest were written (reasons in ${rejectsPath})\n`);
    expect(imported.status).toBe(3);
    // Every line stored again: nothing rejected, a clean run.
    const clean = join(dir, "clean.ndjson.gz");
    writeFileSync(clean, gzipSync(`${events.map((e) => JSON.stringify(e)).join("\n")}\n`));
    const again = tourism(["import", clean, "--rejects", rejectsPath]);
    expect([again.status, again.stdout]).toEqual([0, "read 50, written 0, duplicates 50, invalid 0, conflicts 0, refused by the warehouse 0\n"]);
  });

  it("names a directory, a missing file or a file that is not gzip in one line, exit 2", () => {
    const notGzip = join(dir, "plain.ndjson.gz");
    writeFileSync(notGzip, "{}\n");
    for (const [path, why] of [
      [dir, "is a directory, not a file"],
      [join(dir, "missing.ndjson"), "no such file"],
      [notGzip, "not gzip data (incorrect header check)"],
    ]) {
      expect(tourism(["import", path!, "--rejects", join(dir, "never.ndjson")])).toEqual({
        status: 2,
        stdout: "",
        stderr: `tourism: files: ${path}: ${why}\n`,
      });
    }
  });
});
