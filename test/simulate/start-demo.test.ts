import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { liveReportSchema } from "../../queries/reports/schemas.ts";
import { addDays } from "../../transforms/calendar/dates.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { exited, freePort, spawnTourism, stderrTail } from "../support/child.ts";
import { sampleTokens } from "../support/sample-tokens.ts";

/** Children still running when a test ends (it failed): stopped, so that no start outlives it. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

/** Starts `tourism start` with `args` and resolves once it is ready, with its stdout so far. */
async function startUntilReady(args: string[], dataDir: string, port: number): Promise<{ child: ChildProcess; stdout: () => string }> {
  const started = Date.now();
  const child = spawnTourism(["start", ...args], { TOURISM_DATA_DIR: dataDir, PORT: String(port), KAFKA_BROKERS: "", TOURISM_TOKENS: "" });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  while (!stdout.includes("Ctrl-C")) {
    if (child.exitCode !== null) throw new Error(`tourism start exited ${child.exitCode}: ${stderrTail(child)}`);
    // The first start fills the warehouse (about 30 s on a quiet machine; minutes on a busy one).
    if (Date.now() - started > 360_000) throw new Error(`not ready after 360 s: ${stderrTail(child)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, stdout: () => stdout };
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill("SIGINT");
  expect(await exited(child)).toBe(0);
}

/** The first snapshot of the live stream. */
async function firstStreamed(url: string, token: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n\n")) text += (await reader.read()).value ?? "";
  await reader.cancel();
  return JSON.parse(/^data: (.*)$/m.exec(text)![1]!);
}

describe("tourism start --demo-holiday", () => {
  it("serves the API, the stream and the headline on the demo's clock, carries the demo day on after a restart, and says when it is over", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-start-demo-"));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const first = await startUntilReady(["--demo-holiday", "national_day:3"], dataDir, port);
    const token = sampleTokens(dataDir)[0]!.token;
    const live = async () => liveReportSchema.parse(await (await fetch(`${base}/api/live`, { headers: { authorization: `Bearer ${token}` } })).json());

    const today = (await live()).date;
    const as = addDays((await loadHolidayCalendar()).period("national_day", Number(today.slice(0, 4)))!.start, 2);
    // Whatever the real hour, the demo's clock read 11:10 when it started (the fill took a minute or so of it).
    expect(first.stdout()).toMatch(new RegExp(`演示 · .+ ${today.slice(0, 4)} 第 3 天（${as} 的客流）· 演示时钟 ${today} 11:1\\d`));
    let answer = await live();
    for (let i = 0; answer.entries === 0 && i < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await live();
    }
    expect(answer.at).toMatch(new RegExp(`^${today}T11:1\\d`));
    expect(answer.entries).toBeGreaterThan(1000); // a National Day's morning: the stream caught up from opening
    expect(answer.demo).toMatchObject({ holiday: "national_day", day: 3, as, ended: false, note: "演示中" });
    expect(answer.last_year).toMatchObject({ basis: "holiday_day", day_number: 3 });
    expect(answer.stale_sites).toEqual([]);
    const streamed = liveReportSchema.parse(await firstStreamed(`${base}/api/live/stream`, token));
    expect(streamed.demo).toMatchObject({ holiday: "national_day", day: 3 });
    expect(streamed.at).toMatch(new RegExp(`^${today}T11:1\\d`));
    await stop(first.child);
    // The demo's clock was saved as it stopped.
    expect(JSON.parse(readFileSync(join(dataDir, "demo-clock.json"), "utf8")).at).toMatch(new RegExp(`^${today}T11:1\\d`));

    // Another start carries the demo day on from where its clock stood: here, as if it had run until 16:00.
    writeFileSync(join(dataDir, "demo-clock.json"), JSON.stringify({ at: `${today}T16:00:00.000+08:00` }));
    const second = await startUntilReady([], dataDir, port);
    expect(second.stdout()).toContain(`演示时钟 ${today} 16:00`);
    expect((await live()).at).toMatch(new RegExp(`^${today}T16:0\\d`));
    await stop(second.child);

    // Past the last closing time (22:00) the demo is over: the clock stands at closing, and the answers say so.
    writeFileSync(join(dataDir, "demo-clock.json"), JSON.stringify({ at: `${today}T23:30:00.000+08:00` }));
    const third = await startUntilReady([], dataDir, port);
    expect(third.stdout()).toContain(`演示已结束 · `);
    const over = await live();
    expect(over.at).toBe(`${today}T22:00:00.000+08:00`);
    expect(over.demo).toMatchObject({ ended: true, note: "演示已结束" });
    await stop(third.child);
  }, 720_000);
});
