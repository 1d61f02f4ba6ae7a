import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exited, freePort, runTourism, spawnTourism, untilReady } from "../support/child.ts";
import { type WireEvent, validEvents } from "../support/events.ts";
import { expectedReportTotals, reportedTotals } from "../support/report-totals.ts";

/**
 * `tourism send` as a till's gateway runs it, against a real `tourism run` (a child process on an
 * empty embedded data directory): files sent in batches are stored once, a sender killed mid-way
 * and started again skips what was acknowledged and doubles nothing, rejected lines land in the
 * rejects file with exit 3, a 429 is waited out and retried, and a refusal is not retried.
 */

// Each test sends with its own token, so the collector's per-token rate limit of one test does not reach another.
const tokens = [
  "send-staff-token-0000000001",
  "send-staff-token-0000000002",
  "send-staff-token-0000000003",
  "send-staff-token-0000000004",
  "send-staff-token-0000000005",
];
/** A minute's burst of 60 requests, then one a second: the throttling test outruns it. */
const requestsPerMinute = 60;

let dataDir: string;
let api: string;
let metricsUrl: string;
let run: ChildProcess;
/** Every event stored so far, for the report totals. */
const stored: WireEvent[] = [];

const get = async (path: string) => {
  const response = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${tokens[0]}` } });
  expect(response.status, path).toBe(200);
  return response.json();
};
const eventsStored = async () => ((await get("/api/me")) as { events_stored: number }).events_stored;
const metric = async (pattern: RegExp) => Number(pattern.exec(await (await fetch(metricsUrl)).text())?.[1] ?? 0);
const received = () => metric(/^tourism_collect_events_received_total\{role="staff"\} (\d+)/m);
const send = (args: string[], token: string | undefined) => runTourism(["send", ...args, "--url", api], { TOURISM_TOKEN: token ?? "" });
const ndjson = (events: readonly (WireEvent | string)[]) => events.map((e) => (typeof e === "string" ? e : JSON.stringify(e))).join("\n");

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "tourism-send-"));
  const tokensFile = join(dataDir, "tokens.json");
  writeFileSync(tokensFile, JSON.stringify({ tokens: tokens.map((token, i) => ({ token, role: "staff", name: `till ${i + 1}` })) }), { mode: 0o600 });
  const port = await freePort();
  const metricsPort = await freePort();
  api = `http://127.0.0.1:${port}`;
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  run = spawnTourism(["run", "--port", String(port), "--metrics-port", String(metricsPort)], {
    TOURISM_DATA_DIR: join(dataDir, "data"),
    TOURISM_TOKENS: tokensFile,
    TOURISM_COLLECT_REQUESTS_PER_MINUTE: String(requestsPerMinute),
    KAFKA_BROKERS: "",
  });
  await untilReady(run);
}, 180_000);

afterAll(async () => {
  run.kill("SIGTERM");
  await exited(run);
});

describe("tourism send", () => {
  it("stores every valid line once, and writes invalid and conflicting lines to the rejects file with their line numbers (exit 3)", async () => {
    const events = validEvents(300, 31, "send-file");
    const conflicting = { ...events[7]!, count: 999_999, quantity: 99 };
    const file = join(dataDir, "till.ndjson");
    // Lines 101 and 202 are not events; 303 re-uses line 8's event_id for other content.
    writeFileSync(
      file,
      `${ndjson([...events.slice(0, 100), "{not json", ...events.slice(100, 200), '{"type":"ticket"}', ...events.slice(200), conflicting])}\n`,
    );
    const rejects = join(dataDir, "till-rejects.ndjson");
    const before = await eventsStored();

    const sent = await send([file, "--batch-size", "64", "--rejects", rejects], tokens[0]);
    expect(sent.code, sent.stderr).toBe(3);
    expect(sent.stdout).toContain("sent 303, written 300, queued 0, duplicates 0, rejected 3; skipped 0 acknowledged before");
    expect(sent.stderr).toContain("3 lines rejected");
    const rejected = readFileSync(rejects, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rejected.map(({ file, line, cause }) => ({ file, line, cause }))).toEqual([
      { file, line: 101, cause: "rejected" },
      { file, line: 202, cause: "rejected" },
      { file, line: 303, cause: "conflict" },
    ]);
    expect(rejected[0].reason).toMatch(/^not JSON/);
    expect(rejected[2].text).toBe(JSON.stringify(conflicting));
    stored.push(...events);
    expect(await eventsStored()).toBe(before + 300);
    expect(await reportedTotals(get)).toEqual(expectedReportTotals(stored));
    expect(JSON.parse(readFileSync(`${file}.send-progress.json`, "utf8"))).toEqual({ files: { [file]: { line: 303, rejected: 3 } } });

    // Sent again: every line acknowledged before is skipped, and the earlier rejections still fail the run.
    const again = await send([file, "--rejects", rejects], tokens[0]);
    expect(again.code).toBe(3);
    expect(again.stdout).toContain("sent 0, written 0, queued 0, duplicates 0, rejected 0; skipped 303 acknowledged before");
    expect(again.stderr).toContain("3 lines rejected (3 by an earlier run)");
  }, 120_000);

  it("with --concurrency 4, takes answers in the order sent: rejects in line order, the progress file exact, each event stored once", async () => {
    const events = validEvents(300, 34, "send-concurrent");
    const conflicting = { ...events[3]!, count: 99_999, quantity: 99 };
    const file = join(dataDir, "counters.ndjson");
    // Line 41 is not JSON, line 122 not even UTF-8 (rejected before sending), line 303 re-uses line 4's event_id.
    const lines = [...events.slice(0, 40), "{not json", ...events.slice(40, 120), "", ...events.slice(120), conflicting].map((e) =>
      typeof e === "string" ? Buffer.from(e) : Buffer.from(JSON.stringify(e)),
    );
    lines[121] = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    writeFileSync(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from("\n")])));
    const rejects = join(dataDir, "counters-rejects.ndjson");
    const before = await eventsStored();
    const receivedBefore = await received();

    const sent = await send([file, "--batch-size", "20", "--concurrency", "4", "--rejects", rejects], tokens[4]);
    expect(sent.code, sent.stderr).toBe(3);
    expect(sent.stdout).toContain("sent 303, written 300, queued 0, duplicates 0, rejected 3; skipped 0 acknowledged before");
    const rejected = readFileSync(rejects, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rejected.map(({ line, cause }) => ({ line, cause }))).toEqual([
      { line: 41, cause: "rejected" },
      { line: 122, cause: "rejected" },
      { line: 303, cause: "conflict" },
    ]);
    expect(JSON.parse(readFileSync(`${file}.send-progress.json`, "utf8"))).toEqual({ files: { [file]: { line: 303, rejected: 3 } } });
    expect((await received()) - receivedBefore).toBe(302);
    stored.push(...events);
    expect(await eventsStored()).toBe(before + 300);
    expect(await reportedTotals(get)).toEqual(expectedReportTotals(stored));
  }, 120_000);

  it("killed mid-way and started again, skips the lines acknowledged before and stores each event once", async () => {
    const events = validEvents(20_000, 32, "send-kill");
    const file = join(dataDir, "gateway.ndjson");
    const state = join(dataDir, "gateway-state.json");
    writeFileSync(file, `${ndjson(events)}\n`);
    const before = await eventsStored();

    const sender = spawnTourism(["send", file, "--url", api, "--state", state, "--batch-size", "500"], { TOURISM_TOKEN: tokens[1]! });
    while (!existsSync(state) && sender.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 10));
    sender.kill("SIGKILL");
    expect(await exited(sender)).toBe("SIGKILL");
    const acknowledged = JSON.parse(readFileSync(state, "utf8")).files[file].line as number;
    expect(acknowledged).toBeGreaterThan(0);
    expect(acknowledged).toBeLessThan(events.length);

    const receivedBefore = await received();
    const resumed = await send([file, "--state", state, "--batch-size", "500"], tokens[2]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`sent ${events.length - acknowledged},`);
    expect(resumed.stdout).toContain(`skipped ${acknowledged} acknowledged before`);
    // The collector received exactly the lines not acknowledged before; what it had stored already comes back a duplicate.
    expect((await received()) - receivedBefore).toBe(events.length - acknowledged);
    stored.push(...events);
    expect(await eventsStored()).toBe(before + events.length);
    expect(await reportedTotals(get)).toEqual(expectedReportTotals(stored));
  }, 180_000);

  it("waits out the collector's 429 (Retry-After) and sends on; a refusal is not retried (exit 1), a missing token is exit 2", async () => {
    const events = validEvents(requestsPerMinute + 8, 33, "send-429");
    const file = join(dataDir, "throttled.ndjson");
    writeFileSync(file, `${ndjson(events)}\n`);
    const throttledBefore = await metric(/^tourism_collect_requests_refused_total\{role="staff",status="429"\} (\d+)/m);

    const sent = await send([file, "--batch-size", "1"], tokens[3]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain(`sent ${events.length}, written ${events.length},`);
    expect(sent.stderr).toContain("collector unavailable; retrying");
    expect(await metric(/^tourism_collect_requests_refused_total\{role="staff",status="429"\} (\d+)/m)).toBeGreaterThan(throttledBefore);
    stored.push(...events);
    expect(await reportedTotals(get)).toEqual(expectedReportTotals(stored));

    const other = join(dataDir, "refused.ndjson");
    writeFileSync(other, `${ndjson(validEvents(5, 34, "send-refused"))}\n`);
    const refused = await send([other], "not-a-token-of-this-alliance");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/answered 401: /);
    expect(refused.stderr).not.toContain("retrying");
    expect(existsSync(`${other}.send-progress.json`)).toBe(false);

    expect((await send([other], undefined)).code).toBe(2);
    expect((await send([join(dataDir, "missing.ndjson")], tokens[0])).code).toBe(2);
  }, 180_000);
});
