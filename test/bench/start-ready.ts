/** `tourism start` timed from spawn until it says it is ready, shared by `bench:start` and `bench:scale`. */
import { exited, freePort, spawnTourism, stderrTail } from "../support/child.ts";
import { peakRssMb, statCpuSeconds } from "./measure.ts";

export interface StartReady {
  seconds: number;
  /** CPU of the process, all its threads (the engine's, the simulator's, V8's), up to ready. */
  cpuSeconds: number;
  peakRssMb: number;
  /** What it printed up to ready: the headline, the URL, its ready line. */
  stdout: string;
}

/**
 * Starts `tourism start` on `dataDir` (without Kafka; the tokens file its own) and waits until its
 * ready line, checks /healthz, then stops it with SIGINT as Ctrl-C does.
 */
export async function startUntilReady(dataDir: string, env: Record<string, string> = {}, patienceMs = 600_000): Promise<StartReady> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnTourism(["start"], { TOURISM_DATA_DIR: dataDir, PORT: String(port), KAFKA_BROKERS: "", TOURISM_TOKENS: "", ...env });
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tourism start exited ${child.exitCode}: ${stderrTail(child)}`);
      if (performance.now() - started > patienceMs) throw new Error(`tourism start not ready after ${patienceMs / 1000} s: ${stderrTail(child)}`);
      if (stdout.includes("Ctrl-C")) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = statCpuSeconds(`/proc/${child.pid}/stat`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok);
    if (!healthy) throw new Error("tourism start said ready but /healthz did not answer 200");
    return { seconds, cpuSeconds, peakRssMb: peakRssMb(child.pid!), stdout };
  } finally {
    child.kill("SIGINT");
    await exited(child);
  }
}
