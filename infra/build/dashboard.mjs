// Where the build writes the dashboard (its page, styles and bundled script) and whether that still
// matches the sources. No bundler here: the server reads what `npm run build` wrote.
import { join } from "node:path";
import { rootDir, unchangedSources } from "./stamps.mjs";

/** The browser app's entry, bundled with what it imports into one script. */
export const dashboardEntry = "queries/dashboard/client/main.ts";
/** The page and styles, served as they are. */
export const dashboardStatic = ["queries/dashboard/static/index.html", "queries/dashboard/static/app.css"];

/** The built dashboard's directory: index.html, app.css, app.js and sources.json (their sources' stamps). */
export const dashboardDir = (root = rootDir) => join(root, "dist", "dashboard");

/** Whether `dir` holds a dashboard built from the sources under `root` exactly as they are now. */
export function dashboardCurrent(dir = dashboardDir(), root = rootDir) {
  return unchangedSources(join(dir, "sources.json"), root) !== undefined;
}
