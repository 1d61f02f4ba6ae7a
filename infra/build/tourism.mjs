#!/usr/bin/env node
// The `tourism` command: the compiled tree when it was built from the sources as they are now
// (`npm run build`), else the TypeScript sources through tsx, so an edit never runs stale code.
// A dashboard older than its sources is built again first, so the server never serves a stale one.
// The `tourism` script beside it starts this in node, with a bounded heap for the long-running
// commands when asked; run directly (`node tourism.mjs …`), node's flags are the caller's.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compiledModule } from "./compiled.mjs";
import { dashboardCurrent } from "./dashboard.mjs";
import { rootDir } from "./stamps.mjs";

const main = "queries/cli/main.ts";

/** The build's first error where it stands in the sources (esbuild's), else the error's own message. */
function firstError(err) {
  const first = err?.errors?.[0];
  if (!first) return err instanceof Error ? err.message : String(err);
  return first.location ? `${first.location.file}:${first.location.line}: ${first.text}` : first.text;
}

// Only the script gives node the heap bound; a service unit still starting this file directly would lose it unsaid.
if (/^\d*[1-9]\d*$/.test(process.env.TOURISM_NODE_MAX_HEAP_MB ?? "") && process.env.TOURISM_STARTED_BY_SCRIPT !== "1")
  process.stderr.write(
    "tourism: TOURISM_NODE_MAX_HEAP_MB is not applied: the infra/build/tourism script gives node the bound; start that, not node tourism.mjs\n",
  );

if (!dashboardCurrent()) {
  try {
    const { buildDashboard } = await import("./dashboard-bundle.mjs");
    await buildDashboard();
  } catch (err) {
    // The command itself still runs; a server answers the dashboard's routes with 503 until a build succeeds.
    process.stderr.write(`tourism: the dashboard could not be built (${firstError(err)}); it answers 503 until npm run build succeeds\n`);
  }
}

const compiled = compiledModule(main);
if (compiled) {
  // Stack traces then name the TypeScript sources' lines, through the build's source maps.
  process.setSourceMapsEnabled(true);
  await import(compiled);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(rootDir, main)).href);
}
