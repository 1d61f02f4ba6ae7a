// The V8 heap bound of `tourism`'s long-running commands. Plain JavaScript with no dependencies: the
// launcher decides before anything else loads, and runs the command again in a node started with it.
import { spawn } from "node:child_process";

/** Commands that run until stopped, writing all day: unbounded, V8 lets their heap grow to 4× what it holds. */
const longRunning = new Set(["ingest", "run", "start"]);

/**
 * MB of each young-generation semi-space, half node's 16: a write's garbage dies young either way,
 * and the worker's peak RSS was 40 MB lower with it (see README, "Benchmarks").
 */
export const semiSpaceMb = 8;

const heapFlag = "--max-old-space-size";
const semiSpaceFlag = "--max-semi-space-size";

/** Whether node was started with this flag: in its arguments, or in NODE_OPTIONS. */
const given = (flag, env, execArgv) => [...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)].some((arg) => arg.startsWith(flag));

/**
 * The heap bound (MB) the command should run with: TOURISM_NODE_MAX_HEAP_MB when it is a number
 * above 0 (256 keeps the worker near 600 MB; see README, "Worker memory"); none for short commands,
 * when unset or `0` (node's own: a second node and its collections cost ingest 15–27% of its rate),
 * or when node already has one (its arguments or NODE_OPTIONS: a person's choice, or this launcher's
 * child). A value that is not a number is left to the configuration's check, which names it.
 */
export function heapBoundMb(argv, env, execArgv) {
  if (!longRunning.has(argv[2])) return undefined;
  if (given(heapFlag, env, execArgv)) return undefined;
  const setting = env.TOURISM_NODE_MAX_HEAP_MB;
  return setting !== undefined && /^\d+$/.test(setting) && setting !== "0" ? Number(setting) : undefined;
}

/**
 * Runs this command again in a node with the heap bound (and smaller semi-spaces, unless node was
 * given its own), and ends as it ends. The command gets its own process group, so a terminal's Ctrl-C
 * reaches it once, through here; the signals this process gets are passed on. Should this process be
 * killed outright, the command's channel to it closes and the command kills itself the same way (see
 * `followLauncher`): no worker is left behind.
 */
export function runWithHeapBound(heapMb) {
  const semiSpace = given(semiSpaceFlag, process.env, process.execArgv) ? [] : [`${semiSpaceFlag}=${semiSpaceMb}`];
  const bounds = [`${heapFlag}=${heapMb}`, ...semiSpace];
  const child = spawn(process.execPath, [...process.execArgv, ...bounds, ...process.argv.slice(1)], {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    detached: true,
  });
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  const pass = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, pass);
  child.on("exit", (code, signal) => {
    for (const s of signals) process.off(s, pass);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

/** In the command run by `runWithHeapBound`: dies with the launcher, as a crash would take both. */
export function followLauncher() {
  if (!process.channel) return;
  process.channel.unref();
  process.once("disconnect", () => process.kill(process.pid, "SIGKILL"));
}
