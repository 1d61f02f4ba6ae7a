import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import type { QueryParams } from "../../infra/warehouse/port.ts";
import { exited, freePort, runTourism, spawnTourism, stderrTail } from "../support/child.ts";
import { type WireEvent, validEvents } from "../support/events.ts";

/**
 * `tourism check` on a real embedded store, first clean, then with copies of stored rows inserted by
 * SQL past the writer, as a race between two writers would leave them.
 */
describe("tourism check", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tourism-check-"));
  const database = `test_check_${process.pid}`;
  const tokens = join(dataDir, "tokens.json");
  const env = { TOURISM_DATA_DIR: dataDir, CLICKHOUSE_DATABASE: database, TOURISM_TOKENS: tokens, CLICKHOUSE_URL: "", KAFKA_BROKERS: "" };
  const staffToken = "staff-token-check-0000001";
  writeFileSync(tokens, JSON.stringify({ tokens: [{ token: staffToken, role: "staff", name: "office" }] }), { mode: 0o600 });

  /** Runs statements on the store in this process, then lets the directory go for the commands. */
  async function sql(...statements: [string, QueryParams][]): Promise<void> {
    const warehouse = await openEmbeddedWarehouse(dataDir, database);
    try {
      for (const [statement, params] of statements) await warehouse.exec(statement, params);
    } finally {
      await warehouse.close();
    }
  }

  it("refuses a store without event tables in one line, exit 2", async () => {
    const run = await runTourism(["check"], env);
    expect(run).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^tourism: the warehouse has no ticket_events or footfall_events in database test_check_\d+; run tourism migrate first\n$/),
    });
  }, 60_000);

  it("finds every id stored once after writes through the pipeline, repeats included: exit 0", async () => {
    const file = join(dataDir, "events.ndjson");
    const events = validEvents(40, 11, "check");
    writeFileSync(file, `${[...events, ...events.slice(0, 10)].map((e) => JSON.stringify(e)).join("\n")}\n`);
    expect((await runTourism(["migrate"], env)).code).toBe(0);
    const imported = await runTourism(["import", file, "--rejects", join(dataDir, "rejects.ndjson")], env);
    expect(imported.stdout).toContain("read 50, written 40, duplicates 10");

    const table = await runTourism(["check"], env);
    expect(table).toMatchObject({ code: 0, stdout: "every event id is stored once\n" });
    const json = await runTourism(["check", "--format", "json"], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ duplicates: [] });
  }, 120_000);

  it("counts ids stored more than once per kind and local day, rows and differing content: exit 1, also answered by a running serve", async () => {
    // A footfall id copied twice (the second copy doubles it: 4 rows) and a ticket id twice, once with other content on a later day.
    const footfall = validEvents(40, 11, "check").find((e) => e.type === "footfall")!;
    const ticket = validEvents(40, 11, "check").find((e) => e.type === "ticket")!;
    await sql(
      ["INSERT INTO footfall_events SELECT * FROM footfall_events WHERE event_id = {id:String}", { id: footfall.event_id }],
      ["INSERT INTO footfall_events SELECT * FROM footfall_events WHERE event_id = {id:String}", { id: footfall.event_id }],
      [
        "INSERT INTO ticket_events SELECT * REPLACE ('other' AS content_digest, local_date + 3 AS local_date) FROM ticket_events WHERE event_id = {id:String}",
        { id: ticket.event_id },
      ],
    );
    // Each id under the local day of its first copy; a naive time is the sites' local time.
    const localDay = (event: WireEvent) => DateTime.fromISO(String(event.occurred_at), { zone: "Asia/Shanghai" }).setZone("Asia/Shanghai").toISODate();
    const expected = [
      { kind: "ticket", day: localDay(ticket), ids: 1, rows: 2, other_content: 1 },
      { kind: "footfall", day: localDay(footfall), ids: 1, rows: 4, other_content: 0 },
    ];

    const json = await runTourism(["check", "--format", "json"], env);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe("tourism: 2 event ids are stored more than once (4 rows too many); reports count those events more than once\n");
    expect(JSON.parse(json.stdout)).toEqual({ duplicates: expected });
    const table = await runTourism(["check"], env);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(new RegExp(`^ticket +${expected[0]!.day} +1 +2 +1 *$`, "m"));
    expect(table.stdout).toMatch(new RegExp(`^footfall +${expected[1]!.day} +1 +4 +0 *$`, "m"));

    // Beside a process that holds the directory, that process runs the check for the command line.
    const port = await freePort();
    const serve = spawnTourism(["serve", "--port", String(port)], env);
    try {
      for (const deadline = Date.now() + 60_000; !stderrTail(serve).includes("serving on"); ) {
        if (serve.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start: ${stderrTail(serve)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const beside = await runTourism(["check", "--format", "json"], env);
      expect(beside.code).toBe(1);
      expect(beside.stderr).toMatch(new RegExp(`^answered by tourism serve \\(pid ${serve.pid}\\) on 127\\.0\\.0\\.1:${port}\\n`));
      expect(JSON.parse(beside.stdout)).toEqual({ duplicates: expected });
      // The path answers the local command line only, never a bearer token.
      const asBearer = await fetch(`http://127.0.0.1:${port}/api/local/duplicates`, { headers: { authorization: `Bearer ${staffToken}` } });
      expect(asBearer.status).toBe(403);
    } finally {
      serve.kill("SIGINT");
      await exited(serve);
    }
  }, 180_000);
});
