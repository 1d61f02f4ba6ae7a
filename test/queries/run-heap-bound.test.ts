import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exited, freePort, spawnTourism, untilReady } from "../support/child.ts";

/** The processes this one started that are still there. */
function children(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(" ").filter(Boolean).map(Number),
  );
}

/**
 * `tourism run` with TOURISM_NODE_MAX_HEAP_MB: the `tourism` script replaces itself with a node
 * started with the bound, so the command is the process a supervisor started (no second node
 * beside it), stops cleanly on SIGTERM, and leaves the data directory free for the next start.
 */
describe("tourism run under its heap bound", () => {
  it("is the started process itself, in a node with the bound, and stops on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-heap-"));
    const start = async (): Promise<ChildProcess> => {
      const env = { TOURISM_DATA_DIR: dataDir, TOURISM_NODE_MAX_HEAP_MB: "300", KAFKA_BROKERS: "" };
      const command = spawnTourism(["run", "--port", String(await freePort()), "--metrics-port", "0"], env);
      await untilReady(command);
      const argv = readFileSync(`/proc/${command.pid}/cmdline`, "utf8").split("\0");
      expect(argv).toEqual(expect.arrayContaining(["--max-old-space-size=300", "--max-semi-space-size=8", "run"]));
      expect(argv.find((arg) => arg.endsWith("tourism.mjs"))).toBeDefined();
      expect(children(command.pid!).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("tourism.mjs"))).toEqual([]);
      return command;
    };

    const first = await start();
    first.kill("SIGTERM");
    expect(await exited(first)).toBe(0);

    const second = await start();
    second.kill("SIGKILL");
    expect(await exited(second)).toBe("SIGKILL");

    // The data directory is free again: the next start opens it.
    const third = await start();
    third.kill("SIGTERM");
    expect(await exited(third)).toBe(0);
  });
});
