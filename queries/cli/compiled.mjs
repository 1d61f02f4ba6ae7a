// The compiled tree (dist/, built by queries/cli/build.mjs) and whether it matches the sources as
// they are now. Plain JavaScript with no dependencies: the `tourism` bin asks before anything loads.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The checkout: the sources' root, with the compiled tree in its dist/. */
export const rootDir = fileURLToPath(new URL("../../", import.meta.url));

/** Where the build records the stamps of the sources it compiled. */
export const manifestPath = (root = rootDir) => join(root, "dist", "sources.json");

/** A source file's modification time and size: what `make` would compare, one stat a file. */
function stamp(root, path) {
  const stats = statSync(join(root, path));
  return `${stats.mtimeMs}:${stats.size}`;
}

/** The manifest of the sources (paths relative to the root), stamped before they are compiled. */
export function sourcesManifest(paths, root = rootDir) {
  return `${JSON.stringify({ sources: Object.fromEntries(paths.map((path) => [path, stamp(root, path)])) })}\n`;
}

/**
 * The compiled module of `source` (e.g. "queries/cli/main.ts") when dist/ was built from every
 * source exactly as it is now; undefined when dist/ is missing, being built, or any source was
 * edited or removed since (a new file counts once an edited one imports it) — then the caller
 * runs the sources themselves.
 */
export function compiledModule(source, root = rootDir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(root), "utf8"));
  } catch {
    return undefined;
  }
  if (!(source in manifest.sources)) return undefined;
  for (const [path, recorded] of Object.entries(manifest.sources)) {
    try {
      if (stamp(root, path) !== recorded) return undefined;
    } catch {
      return undefined;
    }
  }
  return pathToFileURL(join(root, "dist", source.replace(/\.ts$/, ".js"))).href;
}
