import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../../infra/config.ts";
import { createKafka } from "../../infra/kafka/client.ts";
import { createLogger } from "../../infra/logger.ts";
import { backupManifest } from "../../ingest/backup/manifest.ts";
import { openIngestPath } from "../../ingest/open-ingest-path.ts";
import { exited, freePort, runTourism, spawnTourism, untilReady } from "../support/child.ts";
import { expectedTotals, testSites, validEvents } from "../support/events.ts";
import { produceEvents, waitUntilCommitted, workerEnv } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";

/**
 * `tourism backup` beside `tourism run` while it ingests from Kafka, then `tourism restore` into a
 * new directory: the restored store holds exactly the events its manifest counts, every report
 * figure is what those events give, and sending them again stores nothing.
 */

const staff = "backup-staff-token-000000001";

const trendAnswer = z.object({
  rows: z.array(z.object({ period: z.string(), visitors: z.number().nullable(), revenue_fen: z.number().nullable() })),
});

describe("tourism backup and restore", () => {
  it("backs up beside run during a Kafka ingest; the restore holds the snapshot's events, reports them exactly, and takes them again as duplicates", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-backup-src-"));
    const work = mkdtempSync(join(tmpdir(), "tourism-backup-"));
    const dest = join(work, "backup");
    const restored = join(work, "restored");
    writeFileSync(join(dataDir, "tokens.json"), JSON.stringify({ tokens: [{ token: staff, role: "staff", name: "Alliance office" }] }), { mode: 0o600 });
    const topics = { byKind: { ticket: uniqueName("backup-tickets"), footfall: uniqueName("backup-footfall") }, deadLetters: uniqueName("backup-dlq") };
    const groupId = uniqueName("backup-group");
    const env = { ...workerEnv(topics, groupId, dataDir), TOURISM_TOKEN: "" };
    const kafka = createKafka(testKafka(), "backup-test", createLogger("silent"));
    const events = validEvents(6000, 41, uniqueName("bk"));
    const port = await freePort();
    const run = spawnTourism(["run", "--port", String(port), "--metrics-port", "0"], env);
    try {
      await untilReady(run);
      // The first share is sent before the backup starts; the rest while it runs.
      await produceEvents(kafka, topics, events.slice(0, 1000), 200);
      const sending = (async () => {
        for (let i = 1000; i < events.length; i += 250) {
          await produceEvents(kafka, topics, events.slice(i, i + 250), 250);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const backup = await runTourism(["backup", dest], env);
      await sending;
      expect(backup.stderr, backup.stderr).toMatch(/^answered by tourism run \(pid \d+\)/m);
      expect(backup.code, backup.stderr).toBe(0);
      await waitUntilCommitted(kafka, groupId, Object.values(topics.byKind));

      // The backup path takes the owner's secret from loopback, never a bearer token, and an absolute destination only.
      const backupUrl = `http://127.0.0.1:${port}/api/local/backup`;
      const post = (headers: Record<string, string>, destination: string) =>
        fetch(backupUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ destination }) });
      const { secret } = z.object({ secret: z.string() }).parse(JSON.parse(readFileSync(join(dataDir, "owner.json"), "utf8")));
      expect((await post({ authorization: `Bearer ${staff}` }, join(work, "by-token"))).status).toBe(403);
      expect((await post({ "x-tourism-local-secret": secret }, "relative-backup")).status).toBe(400);
      expect((await post({ "x-tourism-local-secret": secret }, dest)).status).toBe(400); // not empty
    } finally {
      run.kill("SIGTERM");
      await exited(run);
    }

    const restore = await runTourism(["restore", dest, "--data-dir", restored], {});
    expect(restore.code, restore.stderr).toBe(0);
    expect(readFileSync(join(restored, "tokens.json"), "utf8")).toContain(staff);
    const manifest = backupManifest.parse(JSON.parse(readFileSync(join(dest, "backup.json"), "utf8")));
    const rowsAt = (table: string) => manifest.tables.find((t) => t.name === table)?.rows;
    expect(manifest.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["alerts", "bulletins", "footfall_events", "schema_migrations", "ticket_events"]),
    );

    // Reports of the restored store, through the CLI on its directory (no owner).
    const restoredEnv = { TOURISM_DATA_DIR: restored, TOURISM_TOKEN: "" };
    const reported = new Map<string, { visitors: number; revenue_fen: number }>();
    for (const site of testSites) {
      const answer = await runTourism(
        ["report", "trend", "--from", "2024-04-02", "--to", "2024-04-07", "--site", site.site_id, "--format", "json"],
        restoredEnv,
      );
      expect(answer.code, answer.stderr).toBe(0);
      for (const row of trendAnswer.parse(JSON.parse(answer.stdout)).rows) {
        if (row.visitors !== null) reported.set(`${row.period}|${site.site_id}`, { visitors: row.visitors, revenue_fen: row.revenue_fen ?? 0 });
      }
    }

    // The events the restored store holds, read from it; then each of them sent again.
    const path = await openIngestPath({ config: loadConfig({ TOURISM_DATA_DIR: restored }), log: createLogger("silent") });
    try {
      const idRow = z.object({ event_id: z.string() });
      const held = new Set<string>();
      for (const table of ["ticket_events", "footfall_events"]) {
        const ids = await path.warehouse.query(`SELECT event_id FROM ${table}`, {}, idRow);
        expect(ids.length, table).toBe(rowsAt(table));
        for (const { event_id } of ids) held.add(`${table}|${event_id}`);
      }
      const snapshot = events.filter((e) => held.has(`${e.type}_events|${e.event_id}`));
      expect(snapshot.length).toBe(held.size);
      expect(snapshot.length).toBeGreaterThanOrEqual(1000); // the share sent before the backup started
      const expected = new Map([...expectedTotals(snapshot)].map(([key, t]) => [key, { visitors: t.visitors, revenue_fen: t.revenue_fen }]));
      expect(new Map([...reported].sort())).toEqual(new Map([...expected].sort()));

      const again = await path.ingestor.ingest(
        snapshot.map((e, i) => ({ text: JSON.stringify(e), source: { kind: "file" as const, name: "resent.ndjson", partition: 0, position: i } })),
      );
      expect({ written: again.written, duplicates: again.duplicates, rejected: again.rejected.length }).toEqual({
        written: 0,
        duplicates: snapshot.length,
        rejected: 0,
      });
    } finally {
      await path.warehouse.close();
    }

    // With no owner the command opens the directory itself; a used destination or data directory is refused.
    const second = join(work, "second");
    const direct = await runTourism(["backup", second], restoredEnv);
    expect(direct.code, direct.stderr).toBe(0);
    expect(direct.stderr).not.toMatch(/answered by/);
    // The same tables; the event tables' rows exactly (their writers were paused for the count), while
    // alerts are written beside them, so an attempt recorded between count and BACKUP may differ.
    const tablesOf = (m: { tables: { name: string; rows: number }[] }) => m.tables.map((t) => t.name);
    const eventRows = (m: { tables: { name: string; rows: number }[] }) => m.tables.filter((t) => t.name.endsWith("_events"));
    const again = backupManifest.parse(JSON.parse(readFileSync(join(second, "backup.json"), "utf8")));
    expect(tablesOf(again)).toEqual(tablesOf(manifest));
    expect(eventRows(again)).toEqual(eventRows(manifest));
    expect(eventRows(manifest).length).toBe(2);
    const reused = await runTourism(["backup", second], restoredEnv);
    expect({ code: reused.code, stderr: reused.stderr }).toEqual({ code: 2, stderr: `tourism: backup destination ${second} exists and is not empty\n` });
    const overwrite = await runTourism(["restore", dest, "--data-dir", restored], {});
    expect({ code: overwrite.code, stderr: overwrite.stderr }).toEqual({ code: 2, stderr: `tourism: data directory ${restored} exists and is not empty\n` });
  }, 300_000);
});
