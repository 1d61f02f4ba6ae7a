import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createKafka } from "../../infra/kafka/client.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { defaultRegisterPath } from "../../transforms/register/register.ts";
import { exited, freePort, runTourism, spawnTourism, stderrTail, untilReady } from "../support/child.ts";
import { testSites } from "../support/events.ts";
import { createTestTopics, produceRaw, waitUntilCommitted, workerEnv } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";

const kafka = createKafka(testKafka(), "dlq-replay-test", pino({ level: "silent" }));

/** The register fixed: the site gets its new gate, in a file beside the data directory. */
function registerWithGate(dataDir: string, siteId: string, gate: string): string {
  const register = JSON.parse(readFileSync(defaultRegisterPath, "utf8")) as { sites: { site_id: string; gates: string[] }[] };
  register.sites.find((s) => s.site_id === siteId)!.gates.push(gate);
  const fixed = join(dataDir, "..", `${dataDir.split("/").pop()}-register.json`);
  writeFileSync(fixed, JSON.stringify(register));
  return fixed;
}

describe("tourism dlq replay", () => {
  it("writes footfall from a gate once the register lists it, and keeps bytes that are not UTF-8 dead", { timeout: 120_000 }, async () => {
    const topics = await createTestTopics(kafka, 1);
    const groupId = uniqueName("replay-group");
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-replay-"));
    const env = {
      ...workerEnv(topics, groupId, dataDir),
    };
    const site = testSites[0];
    const newGate = {
      type: "footfall",
      event_id: "new-gate-1",
      site_id: site.site_id,
      gate_id: "boat-gate",
      direction: "in",
      count: 40,
      occurred_at: "2024-04-05T10:00:00+08:00",
    };
    // A Latin-1 é in the id: decoded leniently it would become "caf\uFFFD-1" and pass.
    const latin1 = Buffer.from(JSON.stringify({ ...newGate, event_id: "caf\u00e9-1", gate_id: site.gate }), "latin1");
    await produceRaw(kafka, topics.byKind.footfall, [JSON.stringify(newGate), latin1]);

    const worker = spawnTourism(["ingest", "--metrics-port", "0"], env);
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    worker.kill("SIGTERM");
    expect(await exited(worker), stderrTail(worker)).toBe(0);

    const listed = await runTourism(["dlq", "list", "--format", "json"], env);
    const reasons = z
      .object({ dead_letters: z.array(z.object({ reason: z.string() })) })
      .parse(JSON.parse(listed.stdout))
      .dead_letters.map((l) => l.reason)
      .sort();
    expect(reasons).toEqual([`gate_id: site ${site.site_id} has no gate "boat-gate"`, "not valid UTF-8"]);

    const stillUnlisted = await runTourism(["dlq", "replay"], env);
    expect(stillUnlisted.stdout).toContain("now pass 0 (written 0, already stored 0), still invalid 2");

    const fixed = registerWithGate(dataDir, site.site_id, "boat-gate");
    const replayed = await runTourism(["dlq", "replay"], { ...env, TOURISM_REGISTER: fixed });
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toContain("replayed 2: now pass 1 (written 1, already stored 0), still invalid 1");

    const warehouse = await openEmbeddedWarehouse(dataDir, "tourism");
    try {
      const rows = await warehouse.query(
        "SELECT event_id, gate_id, count FROM footfall_events",
        {},
        z.object({ event_id: z.string(), gate_id: z.string(), count: z.number() }),
      );
      expect(rows).toEqual([{ event_id: "new-gate-1", gate_id: "boat-gate", count: 40 }]);
    } finally {
      await warehouse.close();
    }
  });
  it("beside a running tourism run is written by run, against its register, and raises the alert the replayed count crosses", {
    timeout: 180_000,
  }, async () => {
    const topics = await createTestTopics(kafka, 1);
    const groupId = uniqueName("replay-run-group");
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-replay-run-"));
    const site = testSites[0];
    const env = { ...workerEnv(topics, groupId, dataDir), TOURISM_TOKENS: "", TOURISM_TOKEN: "", CLICKHOUSE_URL: "" };
    // 2,200 entries at once: past 80 % of the park's instant capacity in 2024 (2,650), short of it.
    const crowd = { type: "footfall", event_id: "boat-gate-crowd", site_id: site.site_id, gate_id: "boat-gate", direction: "in", count: 2200 };
    await produceRaw(kafka, topics.byKind.footfall, [JSON.stringify({ ...crowd, occurred_at: "2024-04-05T10:00:00+08:00" })]);
    const run = (extra: Record<string, string>) =>
      freePort().then(async (port) => {
        const child = spawnTourism(["run", "--port", String(port), "--metrics-port", "0"], { ...env, ...extra });
        await untilReady(child);
        return child;
      });

    // Run on the register without the gate: the count is dead-lettered.
    let child = await run({});
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    child.kill("SIGTERM");
    expect(await exited(child), stderrTail(child)).toBe(0);

    // Restarted on the fixed register, run writes the replayed letter and evaluates its alerts.
    child = await run({ TOURISM_REGISTER: registerWithGate(dataDir, site.site_id, "boat-gate") });
    try {
      const replayed = await runTourism(["dlq", "replay"], env);
      expect(replayed.code, replayed.stderr).toBe(0);
      expect(replayed.stderr).toContain(`tourism run (pid ${child.pid})`);
      expect(replayed.stdout).toContain("replayed 1: now pass 1 (written 1, already stored 0), still invalid 0");
      const alertsOf = async () => {
        const listed = await runTourism(["alerts", "--since", "2024-04-05T00:00", "--format", "json"], env);
        expect(listed.code, listed.stderr).toBe(0);
        return z
          .object({ alerts: z.array(z.object({ site_id: z.string(), level: z.string(), measure: z.string() })) })
          .parse(JSON.parse(listed.stdout))
          .alerts.map((a) => `${a.site_id} ${a.measure} ${a.level}`);
      };
      await expect.poll(alertsOf, { timeout: 30_000, interval: 1_000 }).toEqual([`${site.site_id} instant warning`]);
    } finally {
      child.kill("SIGTERM");
      expect(await exited(child), stderrTail(child)).toBe(0);
    }
  });
});
