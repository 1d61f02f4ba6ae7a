import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exited, freePort, runTourism, spawnTourism, stderrTail } from "../support/child.ts";
import { aMinuteAgoToday, validEvents } from "../support/events.ts";
import { sampleStaffToken } from "../support/sample-tokens.ts";

async function untilReady(child: ChildProcess, port: number): Promise<void> {
  const started = Date.now();
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tourism start exited ${child.exitCode}: ${stderrTail(child)}`);
    if (Date.now() - started > 360_000) throw new Error(`not ready after 360 s: ${stderrTail(child)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok && stdout.includes("Ctrl-C")) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const tourism = runTourism;

describe("the command line beside a running tourism start", () => {
  it("answers reports, alerts and bulletins through start's API and imports through its ingest path; start owns the data directory alone", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-beside-"));
    const port = await freePort();
    const env = { TOURISM_DATA_DIR: dataDir, KAFKA_BROKERS: "", TOURISM_TOKENS: "", TOURISM_TOKEN: "" };
    const start = spawnTourism(["start"], { ...env, PORT: String(port) });
    try {
      await untilReady(start, port);
      const ownerPath = join(dataDir, "owner.json");
      expect(statSync(ownerPath).mode & 0o777).toBe(0o600);
      const owner = JSON.parse(readFileSync(ownerPath, "utf8")) as { pid: number; port: number; secret: string };
      expect({ pid: owner.pid, port: owner.port }).toEqual({ pid: start.pid, port });
      const answeredBy = `answered by tourism start (pid ${start.pid}) on 127.0.0.1:${port}`;
      const staff = sampleStaffToken(dataDir);
      const api = async (path: string) => {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${staff}` } });
        expect(response.status).toBe(200);
        return response.json();
      };

      const holiday = await tourism(
        ["report", "holiday", "--holiday", "qingming", "--year", "2019", "--site", "langxia-country-park", "--format", "json"],
        env,
      );
      expect(holiday.code, holiday.stderr).toBe(0);
      expect(holiday.stderr).toContain(answeredBy);
      const holidayAnswer = JSON.parse(holiday.stdout);
      expect(holidayAnswer).toEqual(await api("/api/reports/holiday?holiday=qingming&year=2019&site=langxia-country-park"));
      // DOMAIN.md: Qingming 2019 at Langxia Country Park, 9,700 visitors.
      expect(holidayAnswer.current.visitors).toBe(9700);

      // The table view renders the same answer.
      const table = await tourism(["report", "holiday", "--holiday", "qingming", "--year", "2019", "--site", "langxia-country-park"], env);
      expect(table.code, table.stderr).toBe(0);
      // Wider than 100 columns, so the site shows by its name, without its id.
      expect(table.stdout).toMatch(/^2019 +廊下郊野公园 +2019-04-05 +2019-04-07 +3 +9,700 /m);

      // A wrong value is still one line naming the flag, exit 2.
      const wrong = await tourism(["report", "holiday", "--holiday", "qingming", "--year", "2019", "--site", "no-such-site"], env);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/--site: /);

      const sites = await tourism(["sites", "--format", "json"], env);
      expect(sites.code, sites.stderr).toBe(0);
      expect(JSON.parse(sites.stdout).sites).toEqual((await api("/api/sites")).sites);

      const alerts = await tourism(["alerts", "--format", "json"], env);
      expect(alerts.code, alerts.stderr).toBe(0);
      expect(alerts.stderr).toContain(answeredBy);
      expect(JSON.parse(alerts.stdout)).toEqual(await api("/api/alerts"));

      const bulletins = await tourism(["bulletins", "--format", "json"], env);
      expect(bulletins.code, bulletins.stderr).toBe(0);
      expect(JSON.parse(bulletins.stdout)).toEqual(await api("/api/bulletins"));

      // Import: four valid lines and one invalid one, through start's validate-and-write path.
      const file = join(dataDir, "backfill.ndjson");
      const events = validEvents(4, 7, "beside");
      writeFileSync(file, `${[...events.map((e) => JSON.stringify(e)), '{"type":"ticket","event_id":"broken"}'].join("\n")}\n`);
      const rejects = join(dataDir, "rejects.ndjson");
      const imported = await tourism(["import", file, "--rejects", rejects], env);
      expect(imported.code, imported.stderr).toBe(3);
      expect(imported.stderr).toContain(answeredBy);
      expect(imported.stdout).toContain("read 5, written 4, duplicates 0, invalid 1");
      expect(JSON.parse(readFileSync(rejects, "utf8").trim())).toMatchObject({ file, line: 5, cause: "invalid" });
      // Stored once: the same file again writes nothing.
      const again = await tourism(["import", file, "--rejects", rejects], env);
      expect(again.stdout).toContain("read 5, written 0, duplicates 4, invalid 1");

      // The local import path takes the owner's secret from loopback, never a bearer token.
      const importUrl = `http://127.0.0.1:${port}/api/local/import`;
      const body = JSON.stringify({ messages: [{ text: "{}", source: { kind: "file", name: "probe.ndjson", partition: 0, position: 1 } }] });
      const asBearer = await fetch(importUrl, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${staff}` }, body });
      expect(asBearer.status).toBe(403);
      const wrongSecret = await fetch(importUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-tourism-local-secret": `${owner.secret}x` },
        body,
      });
      expect(wrongSecret.status).toBe(403);
      const withSecret = await fetch(importUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-tourism-local-secret": owner.secret },
        body,
      });
      expect(withSecret.status).toBe(200);
      expect(await withSecret.json()).toMatchObject({ written: 0, rejected: [{ cause: "invalid", message: { source: { name: "probe.ndjson" } } }] });

      // Alerts ack is recorded by start too: entries past Langxia Country Park's daily capacity, imported
      // through start, raise an alert in start's background evaluation; the command line acknowledges it.
      const crowd = join(dataDir, "crowd.ndjson");
      const occurred_at = aMinuteAgoToday();
      writeFileSync(
        crowd,
        `${JSON.stringify({ type: "footfall", event_id: "beside-crowd", site_id: "langxia-country-park", gate_id: "north-gate", direction: "in", count: 99_000, occurred_at })}\n`,
      );
      expect((await tourism(["import", crowd, "--rejects", rejects], env)).code).toBe(0);
      let full: { alert_id: string } | undefined;
      for (let tries = 0; !full && tries < 40; tries++) {
        const listed = JSON.parse((await tourism(["alerts", "--site", "langxia-country-park", "--format", "json"], env)).stdout) as {
          alerts: { alert_id: string; level: string; measure: string; acknowledged_by: string }[];
        };
        full = listed.alerts.find((a) => a.level === "full" && a.measure === "daily");
        if (!full) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(full).toBeDefined();
      const acked = await tourism(["alerts", "ack", full!.alert_id, "--by", "值班员"], env);
      expect(acked.code, acked.stderr).toBe(0);
      expect(acked.stderr).toContain(answeredBy);
      expect(acked.stdout).toMatch(new RegExp(`^${full!.alert_id} acknowledged by 值班员 at `));
      expect((await api("/api/alerts")).alerts.find((a: { alert_id: string }) => a.alert_id === full!.alert_id)).toMatchObject({ acknowledged_by: "值班员" });
      expect(await tourism(["alerts", "ack", "nope"], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('tourism: id: no alert "nope"\n') });
      // A token holder acknowledges as itself: it cannot name someone else.
      const named = await fetch(`http://127.0.0.1:${port}/api/alerts/${full!.alert_id}/ack`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${staff}` },
        body: JSON.stringify({ by: "someone else" }),
      });
      expect(named.status).toBe(400);
      expect(await named.json()).toEqual({ error: expect.stringMatching(/^by: only the command line on this machine names who acknowledges/) });

      start.kill("SIGINT");
      expect(await exited(start)).toBe(0);
      expect(existsSync(ownerPath)).toBe(false);
    } finally {
      if (start.exitCode === null) start.kill("SIGINT");
    }
  }, 480_000);
});
