import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimDataDir, dataDirOwner, ownerSecret } from "./owner-file.ts";

const fresh = () => mkdtempSync(join(tmpdir(), "owner-file-"));

describe("the data directory's owner file", () => {
  it("is written for the owner's user only and removed on release", async () => {
    const dir = fresh();
    const secret = ownerSecret();
    const release = await claimDataDir(dir, { command: "start", port: 8123, secret });
    const path = join(dir, "owner.json");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ command: "start", port: 8123, secret, pid: process.pid });
    // The owner itself is no one to ask.
    expect(dataDirOwner(dir)).toBeUndefined();
    await release();
    expect(existsSync(path)).toBe(false);
  });

  it("names a running owner and ignores a stale or odd file", async () => {
    const dir = fresh();
    const path = join(dir, "owner.json");
    const secret = ownerSecret();
    const alive = spawn("sleep", ["30"]);
    try {
      writeFileSync(path, JSON.stringify({ command: "serve", pid: alive.pid, port: 8124, secret }));
      expect(dataDirOwner(dir)).toEqual({ command: "serve", pid: alive.pid, port: 8124, secret });
    } finally {
      alive.kill();
    }
    const dead = spawn("true");
    await new Promise((resolve) => dead.once("exit", resolve));
    writeFileSync(path, JSON.stringify({ command: "start", pid: dead.pid, port: 8124, secret }));
    expect(dataDirOwner(dir)).toBeUndefined();
    writeFileSync(path, "{not json");
    expect(dataDirOwner(dir)).toBeUndefined();
    expect(dataDirOwner(fresh())).toBeUndefined();
  });
});
