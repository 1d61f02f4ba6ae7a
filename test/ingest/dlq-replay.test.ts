import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createKafka } from "../../infra/kafka/client.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { defaultRegisterPath } from "../../transforms/register/register.ts";
import { exited, runTourism, spawnTourism, stderrTail } from "../support/child.ts";
import { testSites } from "../support/events.ts";
import { createTestTopics, produceRaw, waitUntilCommitted, workerEnv } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";

const kafka = createKafka(testKafka(), "dlq-replay-test", pino({ level: "silent" }));

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

    // The register fixed: the site gets its new gate.
    const register = JSON.parse(readFileSync(defaultRegisterPath, "utf8")) as { sites: { site_id: string; gates: string[] }[] };
    register.sites.find((s) => s.site_id === site.site_id)!.gates.push("boat-gate");
    const fixed = join(dataDir, "..", `${dataDir.split("/").pop()}-register.json`);
    writeFileSync(fixed, JSON.stringify(register));
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
});
