import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKafka } from "../../infra/kafka/client.ts";
import { createLogger } from "../../infra/logger.ts";
import { collectAnswerSchema } from "../../queries/api/collect-answer.ts";
import { exited, freePort, runTourism, spawnTourism, untilReady } from "../support/child.ts";
import { type WireEvent, testSites, validEvents } from "../support/events.ts";
import { produceEvents, waitUntilCommitted, workerEnv } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { expectedReportTotals as expected, reportedTotals } from "../support/report-totals.ts";

/**
 * `tourism run` as a supervisor runs it: a child process on an empty data directory, taking events
 * over Kafka and over HTTP at once, answering reports and the command line beside it; stopped by
 * SIGTERM with events still arriving, restarted, and sent everything again: nothing lost or doubled.
 */

const staff = "run-staff-token-000000000001";
const device = "run-device-token-00000000001";
const [park] = testSites;

describe("tourism run", () => {
  it("takes events over Kafka and HTTP at once, answers reports and the CLI beside it, stops on SIGTERM and restarts with nothing lost or doubled", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-run-"));
    const tokensFile = join(dataDir, "tokens.json");
    writeFileSync(
      tokensFile,
      JSON.stringify({
        tokens: [
          { token: staff, role: "staff", name: "Alliance office" },
          { token: device, role: `device:${park.site_id}`, name: "park gate counter" },
        ],
      }),
      { mode: 0o600 },
    );
    const port = await freePort();
    const metricsPort = await freePort();
    const topics = { byKind: { ticket: uniqueName("run-tickets"), footfall: uniqueName("run-footfall") }, deadLetters: uniqueName("run-dlq") };
    const groupId = uniqueName("run-group");
    const env = { ...workerEnv(topics, groupId, dataDir), TOURISM_TOKENS: tokensFile, TOURISM_TOKEN: "" };
    const kafka = createKafka(testKafka(), "run-test", createLogger("silent"));
    const api = `http://127.0.0.1:${port}`;
    const get = async (path: string) => {
      const response = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${staff}` } });
      expect(response.status, path).toBe(200);
      return response.json();
    };
    const trendOf = (site: string) => get(`/api/reports/trend?from=2024-04-02&to=2024-04-07&site=${site}`);
    const stored = () => reportedTotals(get);
    const until = async (want: Map<string, unknown>) => {
      const deadline = Date.now() + 90_000;
      let got = await stored();
      while (JSON.stringify([...got].sort()) !== JSON.stringify([...want].sort()) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        got = await stored();
      }
      expect(new Map([...got].sort())).toEqual(new Map([...want].sort()));
    };
    /** The HTTP share: the park's gate counts from its device, the rest from staff, in requests of 50. */
    const post = async (events: readonly WireEvent[]) => {
      const outcomes: string[] = [];
      const fromDevice = (e: WireEvent) => e.type === "footfall" && e.site_id === park.site_id;
      for (const [token, share] of [
        [device, events.filter(fromDevice)],
        [staff, events.filter((e) => !fromDevice(e))],
      ] as const) {
        for (let i = 0; i < share.length; i += 50) {
          const response = await fetch(`${api}/api/events`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify(share.slice(i, i + 50)),
          });
          expect(response.status).toBe(200);
          outcomes.push(...collectAnswerSchema.parse(await response.json()).events.map((e) => e.outcome));
        }
      }
      return outcomes;
    };

    const events = validEvents(400, 11, "run");
    const overKafka = events.filter((_, i) => i % 3 === 0);
    const overHttp = events.filter((_, i) => i % 3 !== 0);
    const late = validEvents(300, 12, "run-late"); // produced just before the stop

    let child = spawnTourism(["run", "--port", String(port), "--metrics-port", String(metricsPort)], env);
    try {
      const stdout = await untilReady(child);
      expect(stdout()).toContain(`Kafka: ${topics.byKind.ticket}, ${topics.byKind.footfall} (dead letters: ${topics.deadLetters})`);
      expect(stdout()).toContain("0 events stored");
      expect(await get("/api/me")).toMatchObject({ role: "staff", events_stored: 0 });

      const [, firstOutcomes] = await Promise.all([produceEvents(kafka, topics, overKafka), post(overHttp)]);
      // With Kafka, HTTP events take the topics' way too: queued once the broker has them.
      expect(firstOutcomes).toEqual(overHttp.map(() => "queued"));
      await until(expected(events));
      expect(await get("/api/me")).toMatchObject({ events_stored: events.length });

      // The command line beside it is answered by run, through its API.
      const report = await runTourism(["report", "trend", "--from", "2024-04-02", "--to", "2024-04-07", "--site", park.site_id, "--format", "json"], env);
      expect(report.code, report.stderr).toBe(0);
      expect(report.stderr).toContain(`answered by tourism run (pid ${child.pid}) on 127.0.0.1:${port}`);
      expect(JSON.parse(report.stdout)).toEqual(await trendOf(park.site_id));
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/tourism_collect_events_total\{role="device",outcome="queued"\} [1-9]/);
      expect(metrics).toMatch(/tourism_ingest_events_written_total\{topic="[^"]+"\} [1-9]/);

      // Stopped while Kafka still delivers: what was written is committed, the rest is read again.
      await produceEvents(kafka, topics, late);
      const stopping = Date.now();
      child.kill("SIGTERM");
      expect(await exited(child)).toBe(0);
      const stopSeconds = (Date.now() - stopping) / 1000;
      expect(stopSeconds).toBeLessThan(15);
      expect(existsSync(join(dataDir, "owner.json"))).toBe(false);

      child = spawnTourism(["run", "--port", String(port), "--metrics-port", String(metricsPort)], env);
      await untilReady(child);
      await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
      const all = [...events, ...late];
      await until(expected(all));

      // Everything once more, both ways: every event a duplicate, the totals unchanged.
      const [, againOutcomes] = await Promise.all([produceEvents(kafka, topics, [...overKafka, ...late]), post(overHttp)]);
      // Queued again; the worker finds them stored.
      expect(againOutcomes).toEqual(overHttp.map(() => "queued"));
      await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
      await until(expected(all));
      expect(await get("/api/me")).toMatchObject({ events_stored: all.length });
      child.kill("SIGTERM");
      expect(await exited(child)).toBe(0);
      process.stdout.write(`tourism run: stopped ${stopSeconds.toFixed(1)} s after SIGTERM\n`);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 420_000);
});
