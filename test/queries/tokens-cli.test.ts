import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureSampleTokens } from "../../queries/cli/sample-tokens.ts";
import { loadRegister } from "../../transforms/register/register.ts";
import { exited, freePort, runTourism, spawnTourism, stderrTail } from "../support/child.ts";

/** Each test its own data directory and so its own default tokens file. */
function place() {
  const dataDir = mkdtempSync(join(tmpdir(), "tourism-tokens-cli-"));
  return { dataDir, file: join(dataDir, "tokens.json"), env: { TOURISM_DATA_DIR: dataDir, TOURISM_TOKENS: "", CLICKHOUSE_URL: "", KAFKA_BROKERS: "" } };
}

const tokenShape = /^tourism_[A-Za-z0-9_-]{43}$/;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function added(env: Record<string, string>, role: string, name: string): Promise<string> {
  const run = await runTourism(["tokens", "add", "--role", role, "--name", name], env);
  expect(run.code, run.stderr).toBe(0);
  const token = run.stdout.trim();
  expect(token).toMatch(tokenShape);
  return token;
}

const listedNames = async (env: Record<string, string>) =>
  (JSON.parse((await runTourism(["tokens", "list", "--format", "json"], env)).stdout) as { tokens: { name: string }[] }).tokens.map((t) => t.name);

describe("tourism tokens", () => {
  it("revoking a sample token drops it from the demo file too, so the file never offers a token that no longer works", async () => {
    const { dataDir, file, env } = place();
    const demo = join(dataDir, "demo-tokens.json");
    const samples = await ensureSampleTokens(file, demo, await loadRegister(), "langxia-country-park");
    expect(samples?.map((t) => t.name)).toContain("Planner (sample)");
    const revoked = await runTourism(["tokens", "revoke", "Planner (sample)"], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`and dropped it from ${demo}`);
    const left = JSON.parse(readFileSync(demo, "utf8")) as { tokens: { name: string }[] };
    expect(left.tokens.map((t) => t.name)).toEqual(samples!.filter((t) => t.name !== "Planner (sample)").map((t) => t.name));
    expect(await listedNames(env)).not.toContain("Planner (sample)");
    expect(statSync(demo).mode & 0o777).toBe(0o600);
  });

  it("adds a token shown once, lists names and roles without secrets, revokes by name; the file holds digests only, mode 0600", async () => {
    const { env, file } = place();
    const office = await added(env, "staff", "Alliance office");
    const farm = await added(env, "operator:langxia-country-park-co", "Country park");
    expect(office).not.toBe(farm);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, "utf8");
    expect(stored).not.toContain(office);
    expect(stored).not.toContain(farm);
    expect(JSON.parse(stored)).toEqual({
      tokens: [
        { token_sha256: sha256(office), role: "staff", name: "Alliance office", created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/) },
        { token_sha256: sha256(farm), role: "operator:langxia-country-park-co", name: "Country park", created_at: expect.any(String) },
      ],
    });

    const table = await runTourism(["tokens", "list"], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Alliance office +staff +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00 *$/m);
    expect(table.stdout).toMatch(/^Country park +operator:langxia-country-park-co +/m);
    const json = await runTourism(["tokens", "list", "--format", "json"], env);
    expect(JSON.parse(json.stdout).tokens).toEqual([
      { name: "Alliance office", role: "staff", created_at: expect.any(String) },
      { name: "Country park", role: "operator:langxia-country-park-co", created_at: expect.any(String) },
    ]);
    for (const output of [table.stdout, table.stderr, json.stdout, json.stderr]) {
      for (const secret of [office, farm, sha256(office), sha256(farm)]) expect(output).not.toContain(secret);
    }

    // A wrong argument is one line naming it, exit 2, and the file is unchanged.
    expect(await runTourism(["tokens", "add", "--role", "staff", "--name", "Alliance office"], env)).toMatchObject({
      code: 2,
      stdout: "",
      stderr: 'tourism: --name: a token named "Alliance office" exists; revoke it first or choose another name\n',
    });
    expect(await runTourism(["tokens", "add", "--role", "admin", "--name", "Someone"], env)).toMatchObject({
      code: 2,
      stdout: "",
      stderr: 'tourism: --role: expected "staff", "planner", "operator:<operator_id>" or "device:<site_id>"\n',
    });
    expect(await runTourism(["tokens", "add", "--role", "operator:no-such-operator", "--name", "Someone"], env)).toMatchObject({
      code: 2,
      stderr: 'tourism: --role: unknown operator "no-such-operator"\n',
    });
    expect(await runTourism(["tokens", "revoke", "Nobody"], env)).toMatchObject({
      code: 2,
      stderr: `tourism: name: no token named "Nobody" in ${file}\n`,
    });
    expect(readFileSync(file, "utf8")).toBe(stored);

    const revoked = await runTourism(["tokens", "revoke", "Alliance office"], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await listedNames(env)).toEqual(["Country park"]);
    expect(readFileSync(file, "utf8")).not.toContain(sha256(office));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 120_000);

  it("keeps reading a file of the first form: list and add leave its entries as they are", async () => {
    const { env, file } = place();
    const old = { token: "an-old-plain-token-000000001", role: "planner", name: "Planning institute" };
    writeFileSync(file, JSON.stringify({ tokens: [old] }), { mode: 0o600 });
    const table = await runTourism(["tokens", "list"], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Planning institute +planner +— *$/m);
    expect(table.stdout).toContain("其中 1 个以令牌原文保存");
    expect(table.stdout).not.toContain(old.token);
    const office = await added(env, "staff", "Alliance office");
    expect(JSON.parse(readFileSync(file, "utf8")).tokens).toEqual([old, expect.objectContaining({ token_sha256: sha256(office) })]);
  }, 120_000);

  it("lets a running server refuse a revoked token within three seconds and take an added one, old and new forms side by side", async () => {
    const { env, file, dataDir } = place();
    writeFileSync(file, JSON.stringify({ tokens: [{ token: "an-old-plain-token-000000001", role: "planner", name: "Planning institute" }] }), { mode: 0o600 });
    const office = await added(env, "staff", "Alliance office");
    expect((await runTourism(["migrate"], env)).code).toBe(0);
    const port = await freePort();
    const serve = spawnTourism(["serve", "--port", String(port)], { ...env, TOURISM_TOKENS: file });
    const me = (token: string) => fetch(`http://127.0.0.1:${port}/api/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    try {
      for (let started = Date.now(); ; ) {
        if (serve.exitCode !== null) throw new Error(`tourism serve exited ${serve.exitCode}: ${stderrTail(serve)}`);
        if (
          await fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        if (Date.now() - started > 60_000) throw new Error(`tourism serve not listening: ${stderrTail(serve)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await me(office)).toBe(200);
      expect(await me("an-old-plain-token-000000001")).toBe(200);

      const revoked = await runTourism(["tokens", "revoke", "Alliance office"], env);
      expect(revoked.code, revoked.stderr).toBe(0);
      const since = Date.now();
      while ((await me(office)) !== 401) {
        expect(Date.now() - since).toBeLessThan(3000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await me("an-old-plain-token-000000001")).toBe(200);

      const again = await added(env, "staff", "Alliance office");
      const addedAt = Date.now();
      while ((await me(again)) !== 200) {
        expect(Date.now() - addedAt).toBeLessThan(3000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await me(office)).toBe(401);
    } finally {
      serve.kill("SIGINT");
      await exited(serve);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it("loses no entry when several processes add at once", async () => {
    const { env } = place();
    const names = Array.from({ length: 6 }, (_, i) => `Gate office ${i + 1}`);
    const runs = await Promise.all(names.map((name) => runTourism(["tokens", "add", "--role", "staff", "--name", name], env)));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect((await listedNames(env)).sort()).toEqual(names);
  }, 120_000);

  it("waits while another process holds the file's lock, and takes over a lock whose process is gone", async () => {
    const { env, file } = place();
    const lock = `${file}.lock`;
    // Held by a live process (this one): the add waits until it is released.
    writeFileSync(lock, `${process.pid} held-by-the-test\n`);
    const adding = runTourism(["tokens", "add", "--role", "planner", "--name", "Waiting"], env);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await listedNames(env)).toEqual([]);
    rmSync(lock);
    expect((await adding).code).toBe(0);
    expect(await listedNames(env)).toEqual(["Waiting"]);

    // Left by a process that has ended (crashed mid-change): taken over.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(lock, `${gone} left-behind\n`);
    await added(env, "planner", "After a crash");
    expect(await listedNames(env)).toEqual(["Waiting", "After a crash"]);
  }, 120_000);
});
