import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyPluginAsync } from "fastify";
import { dashboardCurrent, dashboardDir } from "../../infra/build/dashboard.mjs";

interface BuiltDashboard {
  html: string;
  css: string;
  script: string;
}

export interface DashboardOptions {
  /** Where `npm run build` wrote the dashboard (default: dist/dashboard in the checkout). */
  dir?: string;
}

const notBuilt =
  "the dashboard is not built, or is older than its sources: run npm run build (tourism builds it itself when it starts); the API answers meanwhile";
const notBuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Dashboard not built</title></head>
<body><h1>503: dashboard not built</h1><p>${notBuilt.replace("npm run build", "<code>npm run build</code>")}.</p></body>
</html>
`;

/**
 * Serves the dashboard as `npm run build` wrote it: the page at `/`, its script at `/app.js` and its
 * styles at `/app.css`, read once they match their sources and kept in memory. Until then (never
 * built, or sources edited since) these routes answer 503 naming the build, and a build made while the
 * server runs is picked up by the next request. Every figure comes from `/api/…` with the visitor's
 * own token, so these routes need none (public).
 */
export const dashboardPlugin: FastifyPluginAsync<DashboardOptions> = async (app, { dir = dashboardDir() }) => {
  let reading: Promise<BuiltDashboard> | undefined;
  const built = async (): Promise<BuiltDashboard | undefined> => {
    if (!reading) {
      if (!dashboardCurrent(dir)) return undefined;
      const read = (name: string) => readFile(join(dir, name), "utf8");
      reading = Promise.all([read("index.html"), read("app.css"), read("app.js")]).then(([html, css, script]) => ({ html, css, script }));
    }
    try {
      return await reading;
    } catch (err) {
      // Removed between the check and the read (a build under way): asked again on the next request.
      app.log.warn({ err, dir }, "dashboard files could not be read");
      reading = undefined;
      return undefined;
    }
  };
  if (!(await built())) app.log.error({ dir }, notBuilt);

  const files = [
    ["/", "text/html; charset=utf-8", "html"],
    ["/app.css", "text/css; charset=utf-8", "css"],
    ["/app.js", "text/javascript; charset=utf-8", "script"],
  ] as const;
  for (const [path, type, part] of files) {
    app.get(path, { config: { public: true } }, async (_request, reply) => {
      const dashboard = await built();
      if (!dashboard) return reply.code(503).type("text/html; charset=utf-8").header("cache-control", "no-store").send(notBuiltPage);
      return reply.type(type).header("cache-control", "no-cache").send(dashboard[part]);
    });
  }
  // Browsers ask for it; an empty answer keeps their consoles free of 404s.
  app.get("/favicon.ico", { config: { public: true } }, async (_request, reply) => reply.code(204).send());
};
