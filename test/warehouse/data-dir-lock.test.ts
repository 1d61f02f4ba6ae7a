import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exited, freePort, spawnTourism, stderrTail } from "../support/child.ts";

async function run(args: string[], env: Record<string, string>): Promise<{ code: number | string; stderr: string }> {
  const child = spawnTourism(args, env);
  const code = await exited(child);
  return { code, stderr: stderrTail(child) };
}

describe("a data directory another process holds", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tourism-lock-"));
  const tokens = join(dataDir, "..", `${dataDir.split("/").pop()}-tokens.json`);
  writeFileSync(tokens, JSON.stringify({ tokens: [{ token: "staff-token-0000000001", role: "staff", name: "staff" }] }));
  const env = { TOURISM_DATA_DIR: dataDir, TOURISM_TOKENS: tokens, KAFKA_BROKERS: "", CLICKHOUSE_URL: "" };
  let holder: ChildProcess | undefined;
  afterAll(() => void holder?.kill("SIGKILL"));

  it("is refused in one line naming the directory and the holding process, exit 2, unless its holder can answer; free again once the holder dies", async () => {
    expect(await run(["migrate"], env)).toMatchObject({ code: 0 });
    holder = spawnTourism(["serve", "--port", String(await freePort())], env);
    const deadline = Date.now() + 60_000;
    while (!stderrTail(holder).includes("serving on")) {
      if (holder.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start: ${stderrTail(holder)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const events = join(dataDir, "..", `${dataDir.split("/").pop()}-events.ndjson`);
    writeFileSync(events, "{}\n");
    // A command that needs the directory itself is refused in one line naming the holder.
    const expected = `tourism: data directory ${dataDir} is in use by process ${holder.pid}; stop it, or set TOURISM_DATA_DIR to another directory\n`;
    expect(await run(["migrate"], env)).toEqual({ code: 2, stderr: expected });
    // Reports are answered by the holder; an import, which serve cannot take, is refused saying so.
    const report = await run(["report", "holiday", "--holiday", "qingming", "--year", "2019", "--format", "json"], env);
    expect(report).toMatchObject({
      code: 0,
      stderr: expect.stringMatching(new RegExp(`^answered by tourism serve \\(pid ${holder.pid}\\) on 127\\.0\\.0\\.1:\\d+\\n$`)),
    });
    expect(await run(["import", events], env)).toEqual({
      code: 2,
      stderr: `tourism: files: the data directory is served read-only by tourism serve (pid ${holder.pid}); stop it to write, or run tourism start or run\n`,
    });

    // Killed outright, the holder leaves its status file (and PID) behind; the directory is free all the same.
    holder.kill("SIGKILL");
    await exited(holder);
    const after = await run(["report", "holiday", "--holiday", "qingming", "--year", "2019", "--format", "json"], env);
    expect(after).toMatchObject({ code: 0 });
  }, 120_000);
});
