import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createKafka } from "../../infra/kafka/client.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { exited, spawnTourism, stderrTail } from "../support/child.ts";
import { expectedTotals, validEvents, warehouseTotals } from "../support/events.ts";
import { createTestTopics, produceEvents, waitUntilCommitted, workerEnv } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";

const kafka = createKafka(testKafka(), "crash-test", pino({ level: "silent" }));

describe("tourism ingest killed with SIGKILL mid-stream", () => {
  it("ends with exact totals after five kills and restarts, and stops cleanly on SIGTERM", { timeout: 300_000 }, async () => {
    const random = mulberry32(2024);
    const topics = await createTestTopics(kafka, 4);
    const groupId = uniqueName("crash-group");
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-crash-"));
    const events = validEvents(100_000, 77, "crash");
    const stream = [...events];
    for (let i = 0; i < 5000; i++) stream.splice(Math.floor(random() * stream.length), 0, events[Math.floor(random() * events.length)]!);
    const env = workerEnv(topics, groupId, dataDir);
    const start = () => spawnTourism(["ingest", "--metrics-port", "0", "--session-timeout-ms", "6000", "--max-batch-events", "3000"], env);

    // The source keeps producing while the worker is killed and restarted.
    const producing = (async () => {
      for (let i = 0; i < stream.length; i += 5000) {
        await produceEvents(kafka, topics, stream.slice(i, i + 5000));
        await sleep(700);
      }
    })();

    let kills = 0;
    while (kills < 5) {
      const worker = start();
      await sleep(3000 + random() * 4000);
      expect(worker.exitCode, stderrTail(worker)).toBeNull();
      worker.kill("SIGKILL");
      expect(await exited(worker)).toBe("SIGKILL");
      kills += 1;
    }
    await producing;

    const last = start();
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall], 180_000);
    last.kill("SIGTERM");
    expect(await exited(last), stderrTail(last)).toBe(0);

    const warehouse = await openEmbeddedWarehouse(dataDir, "tourism");
    try {
      expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
    } finally {
      await warehouse.close();
    }
  });
});
