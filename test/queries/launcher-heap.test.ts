import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { commandPid, exited, freePort, spawnTourism, untilReady } from "../support/child.ts";

/** Gone, or dead and waiting for its parent to collect it. */
function ended(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  try {
    return /^\d+ \(.*\) [ZX]/.test(readFileSync(stat, "utf8"));
  } catch {
    return true;
  }
}

async function until(what: string, done: () => boolean, ms = 15_000): Promise<void> {
  for (const started = Date.now(); !done(); await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() - started > ms) throw new Error(`${what} not within ${ms / 1000} s`);
  }
}

/**
 * The launcher runs `tourism run` again in a node with a bounded heap (TOURISM_NODE_MAX_HEAP_MB):
 * the command runs there, stops cleanly on SIGTERM sent to the launcher, and goes when the launcher
 * is killed outright, leaving the data directory free for the next start.
 */
describe("tourism run under its heap bound", () => {
  it("runs in a node started with the bound, stops on SIGTERM, and dies with its launcher", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-heap-"));
    const start = async (): Promise<{ launcher: ChildProcess; command: number }> => {
      const env = { TOURISM_DATA_DIR: dataDir, TOURISM_NODE_MAX_HEAP_MB: "300", KAFKA_BROKERS: "" };
      const launcher = spawnTourism(["run", "--port", String(await freePort()), "--metrics-port", "0"], env);
      await untilReady(launcher);
      const command = commandPid(launcher);
      expect(command).not.toBe(launcher.pid);
      expect(readFileSync(`/proc/${command}/cmdline`, "utf8").split("\0")).toEqual(
        expect.arrayContaining(["--max-old-space-size=300", "--max-semi-space-size=8"]),
      );
      return { launcher, command };
    };

    const first = await start();
    first.launcher.kill("SIGTERM");
    expect(await exited(first.launcher)).toBe(0);
    expect(ended(first.command)).toBe(true);

    const second = await start();
    second.launcher.kill("SIGKILL");
    expect(await exited(second.launcher)).toBe("SIGKILL");
    await until("the command's end after its launcher was killed", () => ended(second.command));

    // The data directory is free again: the next start opens it.
    const third = await start();
    third.launcher.kill("SIGTERM");
    expect(await exited(third.launcher)).toBe(0);
  });
});
