/** Latency sampling shared by the benchmarks: warm-up once, then percentiles over the runs. */
import { readFileSync, writeFileSync } from "node:fs";

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function time(run: () => Promise<unknown>, runs: number): Promise<{ p50: number; p95: number; answer: unknown }> {
  const answer = await run(); // warm-up, and the answer compared across modes
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), answer };
}

export const round = (ms: number) => Math.round(ms * 10) / 10;

/** CPU seconds (user and system) that a `/proc/…/stat` file reports, of a process or one thread; USER_HZ is 100 on Linux. */
export function statCpuSeconds(statPath: string): number {
  const stat = readFileSync(statPath, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A process's peak resident memory in MB (VmHWM), `self` for this one. */
export function peakRssMb(pid: number | "self"): number {
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Starts this process's peak resident memory afresh (Linux), so a later peak covers one phase only. */
export function resetPeakRss(): void {
  writeFileSync("/proc/self/clear_refs", "5");
}
