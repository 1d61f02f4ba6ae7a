import { chmodSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type WatchedTokenBook, loadTokenBook, watchTokenBook } from "../../queries/access/tokens.ts";
import { buildServer } from "../../queries/api/server.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { qingmingBatches, reportContext } from "./fixtures.ts";

const staff = { token: "staff-token-000000000001", role: "staff", name: "Alliance office" };
const operator = { token: "operator-a-token-0000001", role: "operator:opA", name: "Farm A" };
const operators = { operators: new Set(["opA", "opB", "opC"]), sites: new Set(["a1", "a2", "b1", "g1"]) };

/** A pino logger whose lines the test can read. */
function capturedLog() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

const dir = mkdtempSync(join(tmpdir(), "tourism-tokens-"));
const path = join(dir, "tokens.json");
/** Writes the whole file at once, as an editor that saves by renaming does. */
function writeTokens(content: unknown) {
  const next = `${path}.next`;
  writeFileSync(next, typeof content === "string" ? content : JSON.stringify(content), { mode: 0o600 });
  renameSync(next, path);
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not within ${withinMs} ms`);
}

let warehouse: Warehouse;
let app: FastifyInstance;
let book: WatchedTokenBook;
const { log, lines } = capturedLog();

beforeAll(async () => {
  warehouse = await openTestEmbedded("tokens");
  const context = await reportContext(warehouse, qingmingBatches());
  writeTokens({ tokens: [staff, operator] });
  book = await watchTokenBook(path, operators, log, 200);
  app = await buildServer({ context, tokens: book, dashboard: false });
});
afterAll(async () => {
  book?.close();
  await app?.close();
  await warehouse?.close();
});

const me = (token: string) => app.inject({ method: "GET", url: "/api/me", headers: { authorization: `Bearer ${token}` } });

describe("a tokens file that changes while the server runs", () => {
  it("revokes a removed token within seconds, without a restart", async () => {
    expect((await me(operator.token)).statusCode).toBe(200);
    writeTokens({ tokens: [staff] });
    await eventually(async () => (await me(operator.token)).statusCode === 401, 3000);
    expect((await me(staff.token)).json()).toMatchObject({ role: "staff", operator_id: null, name: "Alliance office" });
    expect(lines.some((l) => l.msg === "tokens file reloaded")).toBe(true);
  });

  it("keeps the tokens in force when the new file is bad, and logs an error without the token", async () => {
    const errorsBefore = lines.filter((l) => l.level === 50).length;
    writeTokens(`{"tokens": [{"token": ${staff.token}`);
    await eventually(async () => lines.filter((l) => l.level === 50).length > errorsBefore, 3000);
    writeTokens({ tokens: [staff, { ...staff, name: "Copy" }] });
    await eventually(async () => lines.filter((l) => l.level === 50).length > errorsBefore + 1, 3000);
    expect((await me(staff.token)).statusCode).toBe(200);
    expect((await me(operator.token)).statusCode).toBe(401);
    const errors = lines.filter((l) => l.level === 50).map((l) => JSON.stringify(l));
    expect(errors.join("\n")).toMatch(/not JSON/);
    expect(errors.join("\n")).toMatch(/tokens\.1\.token: the same token as tokens\.0/);
    expect(errors.join("\n")).not.toContain(staff.token);
  });

  it("takes a token added later", async () => {
    writeTokens({ tokens: [staff, operator] });
    await eventually(async () => (await me(operator.token)).statusCode === 200, 3000);
  });
});

describe("the tokens file's mode", () => {
  it("warns when group or others may read it, and not when only the owner may", async () => {
    const file = join(dir, "mode.json");
    writeFileSync(file, JSON.stringify({ tokens: [staff] }));
    const quiet = capturedLog();
    chmodSync(file, 0o600);
    await loadTokenBook(file, operators, quiet.log);
    expect(quiet.lines.filter((l) => l.level === 40)).toEqual([]);
    const loud = capturedLog();
    chmodSync(file, 0o644);
    await loadTokenBook(file, operators, loud.log);
    expect(loud.lines.filter((l) => l.level === 40)).toMatchObject([{ mode: "644", msg: expect.stringMatching(/chmod 600/) }]);
  });
});
