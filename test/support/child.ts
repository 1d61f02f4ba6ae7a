import { type ChildProcess, spawn } from "node:child_process";
import { delimiter, dirname } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** The package's `bin`: a shell script that replaces itself with node (the command's process is the spawned one). */
const tourismBin = fileURLToPath(new URL("../../infra/build/tourism", import.meta.url));

/**
 * Runs `tourism ARGS…` as a separate process, the way a user or a supervisor would, in the node running
 * the tests; `nodeArgs` go to node through NODE_OPTIONS (a profiler).
 */
export function spawnTourism(args: readonly string[], env: Record<string, string>, nodeArgs: readonly string[] = []): ChildProcess {
  const nodeOptions = [env.NODE_OPTIONS ?? process.env.NODE_OPTIONS, ...nodeArgs].filter(Boolean).join(" ");
  const child = spawn(tourismBin, args, {
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      ...env,
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  Object.defineProperty(child, "stderrTail", { get: () => stderr });
  return child;
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
