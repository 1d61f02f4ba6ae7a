import type { ChildProcess } from "node:child_process";
import { exited, spawnTourism, stderrTail } from "./child.ts";

/** Waits until a `tourism run` child says it is ready; returns what it has printed so far, read on demand. */
export async function untilReady(child: ChildProcess): Promise<() => string> {
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const started = Date.now();
  while (!stdout.includes("SIGTERM or Ctrl-C stops")) {
    if (child.exitCode !== null) throw new Error(`tourism run exited ${child.exitCode}: ${stderrTail(child)}`);
    if (Date.now() - started > 120_000) throw new Error(`not ready after 120 s: ${stderrTail(child)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return () => stdout;
}

/** `tourism ARGS…` to its end. */
export async function tourism(args: string[], env: Record<string, string>): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawnTourism(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { code: await exited(child), stdout, stderr };
}
