// Whether what the build wrote still matches the sources it was built from. Plain JavaScript with no
// dependencies: the `tourism` bin and the dashboard's server ask before any compiler loads.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout: the sources' root, with what the build writes in its dist/. */
export const rootDir = fileURLToPath(new URL("../../", import.meta.url));

/** A source file's modification time and size: what `make` would compare, one stat a file. */
function stamp(root, path) {
  const stats = statSync(join(root, path));
  return `${stats.mtimeMs}:${stats.size}`;
}

/**
 * The manifest of the sources (paths relative to the root). A source modified after `builtFrom` (ms, when
 * the build began reading) gets a stamp nothing matches, so what was built from its older text is redone.
 */
export function sourcesManifest(paths, root = rootDir, builtFrom = Number.POSITIVE_INFINITY) {
  const stamps = paths.map((path) => [path, statSync(join(root, path)).mtimeMs > builtFrom ? "modified during the build" : stamp(root, path)]);
  return `${JSON.stringify({ sources: Object.fromEntries(stamps) })}\n`;
}

/**
 * The sources a manifest lists, when every one of them is exactly as it was built; undefined when the
 * manifest is missing or unreadable (never built, or being built) or any source was edited or removed
 * since (a new file counts once an edited one imports it).
 */
export function unchangedSources(manifestFile, root = rootDir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof manifest?.sources !== "object" || manifest.sources === null) return undefined;
  for (const [path, recorded] of Object.entries(manifest.sources)) {
    try {
      if (stamp(root, path) !== recorded) return undefined;
    } catch {
      return undefined;
    }
  }
  return manifest.sources;
}
