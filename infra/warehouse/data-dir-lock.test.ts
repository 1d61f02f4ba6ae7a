import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertDataDirectoryFree } from "./data-dir-lock.ts";

const dirWithStatus = (status: string | Buffer) => {
  const dir = mkdtempSync(join(tmpdir(), "tourism-status-"));
  writeFileSync(join(dir, "status"), status);
  return dir;
};

describe("assertDataDirectoryFree", () => {
  it("passes a directory without a status file", () => {
    expect(() => assertDataDirectoryFree(mkdtempSync(join(tmpdir(), "tourism-status-")))).not.toThrow();
  });

  it("passes a status file left by a process that is gone", () => {
    expect(() => assertDataDirectoryFree(dirWithStatus("PID: 2147483646\nStarted at: 2026-01-01 00:00:00\n"))).not.toThrow();
  });

  it("passes a status file whose PID now belongs to a process that holds no lock on it", () => {
    // The parent (vitest) is alive but never locked this file: a reused PID after a crash.
    expect(() => assertDataDirectoryFree(dirWithStatus(`PID: ${process.ppid}\n`))).not.toThrow();
  });

  it.each([
    ["garbage", Buffer.from([0xff, 0xfe, 0x00])],
    ["a huge file", "x".repeat(1 << 20)],
    ["no PID line", "Started at: now\n"],
  ])("passes %s", (_, status) => {
    expect(() => assertDataDirectoryFree(dirWithStatus(status))).not.toThrow();
  });
});
