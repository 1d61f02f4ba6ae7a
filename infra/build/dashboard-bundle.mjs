// Builds the dashboard into dist/dashboard (`npm run build`; the bin and the test setup when it is
// out of date): the browser app (its modules, zod and the ECharts parts it uses) bundled into one
// script, beside the page and styles, so the server serves files and no CDN is needed at run time.
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { dashboardDir, dashboardEntry, dashboardStatic } from "./dashboard.mjs";
import { rootDir, sourcesManifest } from "./stamps.mjs";

/** Written aside and renamed, so a reader finds the old file or the new one, never a part. */
async function replace(file, write) {
  const aside = `${file}.${process.pid}.tmp`;
  await write(aside);
  await rename(aside, file);
}

export async function buildDashboard(dir = dashboardDir(), root = rootDir) {
  const builtFrom = Date.now();
  await mkdir(dir, { recursive: true });
  // Without its stamps the dashboard counts as not built, so a half-written one is never served.
  await rm(join(dir, "sources.json"), { force: true });
  const result = await build({
    entryPoints: [join(root, dashboardEntry)],
    bundle: true,
    write: false,
    metafile: true,
    format: "iife",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    legalComments: "none",
    logLevel: "silent",
    absWorkingDir: root,
  });
  const script = result.outputFiles[0];
  if (!script) throw new Error("esbuild produced no output for the dashboard bundle");
  await replace(join(dir, "app.js"), (file) => writeFile(file, script.contents));
  for (const source of dashboardStatic) await replace(join(dir, source.split("/").at(-1)), (file) => copyFile(join(root, source), file));
  // Every source of the bundle (paths relative to the root; packages aside: `npm ci` builds again) and the copied files.
  const sources = [...Object.keys(result.metafile.inputs).filter((path) => !path.includes("node_modules/")), ...dashboardStatic];
  await replace(join(dir, "sources.json"), (file) => writeFile(file, sourcesManifest(sources, root, builtFrom)));
}
