import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const tourismBin = fileURLToPath(new URL("../../infra/build/tourism.mjs", import.meta.url));

/** Runs `tourism ARGS…` as a separate process, the way a user or a supervisor would; `nodeArgs` go to node (a profiler). */
export function spawnTourism(args: readonly string[], env: Record<string, string>, nodeArgs: readonly string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, tourismBin, ...args], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  Object.defineProperty(child, "stderrTail", { get: () => stderr });
  return child;
}

/**
 * The process that runs a spawned `tourism` command: for `ingest`, `run` and `start` the node the
 * launcher starts with the heap bound (infra/build/heap.mjs), else the spawned process itself.
 */
export function commandPid(child: ChildProcess): number {
  const pid = child.pid!;
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(" ").filter(Boolean).map(Number),
  );
  return children.find((c) => readFileSync(`/proc/${c}/cmdline`, "utf8").includes("tourism.mjs")) ?? pid;
}

export function stderrTail(child: ChildProcess): string {
  return (child as ChildProcess & { stderrTail?: string }).stderrTail ?? "";
}

/** Resolves with the exit code (or the signal's name) once the process has ended. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
}

/** A TCP port free on loopback right now, for a child process to listen on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `tourism ARGS…` to its end: exit code, stdout, stderr. */
export async function runTourism(args: readonly string[], env: Record<string, string>): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawnTourism(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await exited(child);
  return { code, stdout, stderr };
}

/** Waits until `tourism run` (or `start`) prints its ready line; then what it printed so far, as it grows. */
export async function untilReady(child: ChildProcess, ms = 120_000): Promise<() => string> {
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  for (const started = Date.now(); !/^ready in /m.test(stdout); ) {
    if (child.exitCode !== null) throw new Error(`tourism exited ${child.exitCode}: ${stderrTail(child)}`);
    if (Date.now() - started > ms) throw new Error(`not ready after ${ms / 1000} s: ${stderrTail(child)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return () => stdout;
}
