/**
 * `npm run bench:cli`: how long a `tourism` command takes from spawn to exit, best of 5 (the
 * targets: `--help` ≤ 0.3 s, a holiday report on the embedded default ≤ 1 s). The report reads
 * TOURISM_DATA_DIR as configured (default ./data, filled by `npm start`; migrated first if empty);
 * JSON lines on stdout.
 */
import { exited, spawnTourism, stderrTail } from "../support/child.ts";
import { printSummary } from "./summary.ts";

const runs = 5;
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
let within = 0;
for (const { name, args, target_seconds } of commands) {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await tourism(args);
    seconds.push((performance.now() - started) / 1000);
  }
  const best = Math.min(...seconds);
  const round = (s: number) => Math.round(s * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify({ bench: "cli", command: name, runs, best_seconds: round(best), target_seconds, within_target: best <= target_seconds, seconds: seconds.map(round) })}\n`,
  );
  if (best <= target_seconds) within += 1;
}
printSummary("cli", `${within}/${commands.length} commands within their target (${commands.map((c) => `${c.name} ≤ ${c.target_seconds} s`).join(", ")})`);
