import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tokensFileSchema } from "../../queries/access/tokens.ts";
import { exited, freePort, spawnTourism, stderrTail } from "../support/child.ts";
import { sampleTokens } from "../support/sample-tokens.ts";

/** Starts `tourism start` and resolves once /healthz answers, with the time it took and its stdout so far. */
async function startUntilReady(dataDir: string, port: number): Promise<{ child: ChildProcess; seconds: number; stdout: () => string }> {
  const started = Date.now();
  // KAFKA_BROKERS empty: the in-process live stream, whatever the environment.
  const child = spawnTourism(["start"], { TOURISM_DATA_DIR: dataDir, PORT: String(port), KAFKA_BROKERS: "", TOURISM_TOKENS: "" });
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tourism start exited ${child.exitCode}: ${stderrTail(child)}`);
    if (Date.now() - started > 150_000) throw new Error(`not ready after 150 s: ${stderrTail(child)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok && stdout.includes("Ctrl-C")) return { child, seconds: (Date.now() - started) / 1000, stdout: () => stdout };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const holidayBody = z.object({ current: z.object({ visitors: z.number() }), yoy: z.object({ visitors_pct: z.number().nullable() }) });

describe("tourism start", () => {
  it("fills a fresh data directory, serves the headline, reuses the data on a second start, stops on SIGINT", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-start-"));
    const port = await freePort();

    const first = await startUntilReady(dataDir, port);
    expect(first.stdout()).toContain("清明 2019 · 廊下郊野公园：9,700 人次，同比 +47.0%");
    expect(first.stdout()).toContain(`http://127.0.0.1:${port}/`);
    // The sample tokens are printed once and kept for the demo, owner-only; the tokens file keeps their digests only.
    const tokens = sampleTokens(dataDir);
    expect(tokens.map((t) => t.role.split(":")[0])).toEqual(["staff", "planner", "operator"]);
    for (const t of tokens) expect(first.stdout()).toContain(`  ${t.token}\n`);
    const tokensFile = readFileSync(join(dataDir, "tokens.json"), "utf8");
    expect(tokensFileSchema.parse(JSON.parse(tokensFile)).tokens.map((t) => t.token_sha256)).toEqual(
      tokens.map((t) => createHash("sha256").update(t.token).digest("hex")),
    );
    for (const t of tokens) expect(tokensFile).not.toContain(t.token);
    expect(statSync(join(dataDir, "tokens.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, "demo-tokens.json")).mode & 0o777).toBe(0o600);

    const url = `http://127.0.0.1:${port}/api/reports/holiday?holiday=qingming&year=2019&site=langxia-country-park`;
    expect((await fetch(url)).status).toBe(401);
    const answer = await fetch(url, { headers: { authorization: `Bearer ${tokens[0]!.token}` } });
    expect(answer.status).toBe(200);
    const body = holidayBody.parse(await answer.json());
    // DOMAIN.md: 9,700 visitors, +47 % year on year.
    expect(body.current.visitors).toBe(9700);
    expect(body.yoy.visitors_pct).toBe(47);

    first.child.kill("SIGINT");
    expect(await exited(first.child)).toBe(0);

    const second = await startUntilReady(dataDir, port);
    expect(second.stdout()).toContain("data reused");
    expect(second.stdout()).toContain(`tokens: ${join(dataDir, "tokens.json")} (the sample tokens: ${join(dataDir, "demo-tokens.json")})`);
    for (const t of tokens) expect(second.stdout()).not.toContain(t.token);
    expect(second.seconds).toBeLessThan(first.seconds);
    const again = await fetch(url, { headers: { authorization: `Bearer ${tokens[0]!.token}` } });
    expect(holidayBody.parse(await again.json()).current.visitors).toBe(9700);
    second.child.kill("SIGINT");
    expect(await exited(second.child)).toBe(0);
    process.stdout.write(`tourism start: fresh ${first.seconds.toFixed(1)} s to ready, second ${second.seconds.toFixed(1)} s\n`);
  }, 300_000);
});
