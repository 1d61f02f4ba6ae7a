// The compiled tree (dist/, built by infra/build/build.mjs) and whether it matches the sources as
// they are now.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { rootDir, unchangedSources } from "./stamps.mjs";

/** Where the build records the stamps of the sources it compiled. */
export const manifestPath = (root = rootDir) => join(root, "dist", "sources.json");

/**
 * The compiled module of `source` (e.g. "queries/cli/main.ts") when dist/ was built from every
 * source exactly as it is now; undefined when dist/ is missing, being built, or any source was
 * edited or removed since — then the caller runs the sources themselves.
 */
export function compiledModule(source, root = rootDir) {
  const sources = unchangedSources(manifestPath(root), root);
  if (!sources || !(source in sources)) return undefined;
  return pathToFileURL(join(root, "dist", source.replace(/\.ts$/, ".js"))).href;
}
