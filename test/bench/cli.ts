/**
 * `npm run bench:cli`: how long a `tourism` command takes from spawn to exit, best of 5 (the
 * targets: `--help` ≤ 0.3 s, a holiday report on the embedded default ≤ 1 s). The report reads
 * TOURISM_DATA_DIR as configured (default ./data, filled by `npm start`; migrated first if empty);
 * JSON lines on stdout, one a command and a summary. The bin runs the compiled tree when
 * `npm run build` made it from the current sources (`npm ci` and `npm start` do), else the sources
 * through tsx: the summary says which.
 */
import { compiledModule } from "../../infra/build/compiled.mjs";
import { exited, spawnTourism, stderrTail } from "../support/child.ts";
import { printSummary } from "./summary.ts";

const runs = 5;
const round = (s: number) => Math.round(s * 1000) / 1000;
const commands: { name: string; args: string[]; target_seconds: number }[] = [
  { name: "help", args: ["--help"], target_seconds: 0.3 },
  { name: "report holiday", args: ["report", "holiday", "--holiday", "qingming", "--year", "2019", "--format", "json"], target_seconds: 1 },
];

async function tourism(args: string[]): Promise<void> {
  const child = spawnTourism(args, {});
  child.stdout!.resume();
  const code = await exited(child);
  if (code !== 0) throw new Error(`tourism ${args.join(" ")} exited ${code}: ${stderrTail(child)}`);
}

await tourism(["migrate"]);
const results: { command: string; best_seconds: number; within_target: boolean }[] = [];
for (const { name, args, target_seconds } of commands) {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await tourism(args);
    seconds.push((performance.now() - started) / 1000);
  }
  const best = round(Math.min(...seconds));
  results.push({ command: name, best_seconds: best, within_target: best <= target_seconds });
  process.stdout.write(
    `${JSON.stringify({ bench: "cli", command: name, runs, best_seconds: best, target_seconds, within_target: best <= target_seconds, seconds: seconds.map(round) })}\n`,
  );
}
printSummary(
  "cli",
  `${results.filter((r) => r.within_target).length}/${results.length} commands within their target (${commands.map((c) => `${c.name} ≤ ${c.target_seconds} s`).join(", ")}), run from the ${compiledModule("queries/cli/main.ts") ? "compiled tree" : "sources through tsx"}`,
  {
    runs_from: compiledModule("queries/cli/main.ts") ? "compiled" : "sources",
    best_seconds: Object.fromEntries(results.map((r) => [r.command, r.best_seconds])),
  },
);
