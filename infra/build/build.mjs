// `npm run build` (npm runs it itself: `prepare` after `npm ci`/`npm install`, and `prestart`):
// compiles the product's TypeScript file by file into dist/ (or the directory given, inside the
// checkout so packages resolve), the same tree with .js files and their source maps, so the
// `tourism` bin starts without compiling anything and its stack traces still name the sources;
// and builds the dashboard into its dashboard/ (dashboard-bundle.mjs). Tests run the sources.
import { readdirSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { build } from "esbuild";
import { manifestPath } from "./compiled.mjs";
import { buildDashboard } from "./dashboard-bundle.mjs";
import { rootDir, sourcesManifest } from "./stamps.mjs";

const layers = ["infra", "transforms", "ingest", "queries"];
const distDir = resolve(process.argv[2] ?? dirname(manifestPath()));
const manifestFile = join(distDir, "sources.json");
// Browser code: bundled into the dashboard's script instead.
const browserDir = "queries/dashboard/client/";

function sources(dir) {
  return readdirSync(join(rootDir, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return `${path}/`.startsWith(browserDir) ? [] : sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** `to` as a relative import from the compiled module of the source `importer`. */
function fromCompiled(importer, to) {
  return relative(dirname(join(distDir, relative(rootDir, importer))), to)
    .split("\\")
    .join("/");
}

/**
 * Each file stays one module: its relative imports ("./x.ts") point at the compiled sibling
 * ("./x.js"), plain JavaScript modules (".mjs") are imported from the sources, and packages stay
 * imports. `import.meta.url` names the source file, so data found beside a module (migrations,
 * register, calendar, the simulator's worker entry) is read from the source tree, never copied.
 */
const perFile = {
  name: "per-file",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, ({ path, importer }) => {
      if (path.endsWith(".mjs")) return { path: fromCompiled(importer, resolve(dirname(importer), path)), external: true };
      if (!path.endsWith(".ts")) return { errors: [{ text: `${relative(rootDir, importer)}: relative import "${path}" is not a .ts or .mjs module` }] };
      return { path: path.replace(/\.ts$/, ".js"), external: true };
    });
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const code = await readFile(path, "utf8");
      return { contents: code.replaceAll("import.meta.url", `new URL(${JSON.stringify(fromCompiled(path, path))}, import.meta.url).href`), loader: "ts" };
    });
  },
};

async function compileTree() {
  const entryPoints = layers.flatMap(sources);
  // Stamped before compiling: a file edited meanwhile no longer matches, so the bin runs the sources.
  const manifest = sourcesManifest(entryPoints);
  // Without a manifest the bin runs the sources, so a half-written dist/ is never used.
  await rm(manifestFile, { force: true });
  await build({
    entryPoints: entryPoints.map((path) => join(rootDir, path)),
    outbase: rootDir,
    outdir: distDir,
    bundle: true,
    packages: "external",
    plugins: [perFile],
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
    sourcemap: "linked",
  });
  await writeFile(`${manifestFile}.tmp`, manifest);
  await rename(`${manifestFile}.tmp`, manifestFile);
}

// The two are independent; esbuild runs them side by side.
await Promise.all([compileTree(), buildDashboard(join(distDir, "dashboard"))]);
