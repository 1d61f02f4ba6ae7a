/**
 * `npm run bench:start`: `npm start`'s first start, `tourism start` on a fresh data directory, from
 * spawn until it says it is ready (the default scenario's history filled through the validate-and-
 * write path), with the CPU it took over all its threads, twice; then a start on the directory it
 * filled. Target: a fresh start ready in ≤ 28 s. Run from the compiled tree when the build matches
 * the sources (`npm run build`), as `npm start` runs. JSON lines on stdout and a summary. Not a test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { compiledModule } from "../../infra/build/compiled.mjs";
import { round } from "./measure.ts";
import { startUntilReady } from "./start-ready.ts";
import { printSummary } from "./summary.ts";

const freshRuns = Number(process.argv[2] ?? 2);
const targetSeconds = 28;
const emit = (record: object) => process.stdout.write(`${JSON.stringify({ bench: "start", ...record })}\n`);
/** The events the start says it filled, from its ready line ("filled 1,347,273 events in …"). */
const filledEvents = (stdout: string) => Number(/filled ([\d,]+) events/.exec(stdout)?.[1]?.replaceAll(",", "") ?? 0);

const work = mkdtempSync(join(tmpdir(), "tourism-bench-start-"));
try {
  const fresh: number[] = [];
  let dataDir = "";
  for (let run = 1; run <= freshRuns; run++) {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = join(work, `data-${run}`);
    const load = loadavg()[0]!;
    const ready = await startUntilReady(dataDir);
    fresh.push(ready.seconds);
    emit({
      phase: "fresh",
      run,
      ready_seconds: round(ready.seconds),
      cpu_seconds: round(ready.cpuSeconds),
      events: filledEvents(ready.stdout),
      peak_rss_mb: ready.peakRssMb,
      load_average: round(load),
      target_seconds: targetSeconds,
    });
  }
  const again = await startUntilReady(dataDir);
  emit({ phase: "existing", ready_seconds: round(again.seconds), cpu_seconds: round(again.cpuSeconds), peak_rss_mb: again.peakRssMb });
  const best = round(Math.min(...fresh));
  printSummary(
    "start",
    `a fresh start ready in ${fresh.map(round).join(", ")} s (target ≤ ${targetSeconds} s: ${best <= targetSeconds ? "met" : "not met"} at best); on existing data ${round(again.seconds)} s; run from the ${compiledModule("queries/cli/main.ts") ? "compiled tree" : "sources through tsx"}`,
    { fresh_ready_seconds: fresh.map(round), existing_ready_seconds: round(again.seconds), target_seconds: targetSeconds },
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
