import { readFile } from "node:fs/promises";
import type { FastifyPluginAsync } from "fastify";
import { buildAppBundle } from "./bundle.ts";

const staticFile = (name: string) => readFile(new URL(`./static/${name}`, import.meta.url), "utf8");

/**
 * Serves the dashboard: the page at `/`, its script at `/app.js` and its styles at `/app.css`.
 * The bundle build starts when the plugin registers, so the first visitor rarely waits for it;
 * it is built once per process and kept in memory. Every figure comes from `/api/…` with the
 * visitor's own token, so these routes need none (public).
 */
export const dashboardPlugin: FastifyPluginAsync = async (app) => {
  const bundle = buildAppBundle();
  // An unhandled rejection would kill the process before the first request asks for the bundle.
  bundle.catch((err: unknown) => app.log.error({ err }, "dashboard bundle failed to build"));
  const [html, css] = await Promise.all([staticFile("index.html"), staticFile("app.css")]);

  app.get("/", { config: { public: true } }, async (_request, reply) => reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(html));
  app.get("/app.css", { config: { public: true } }, async (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "no-cache").send(css),
  );
  // Browsers ask for it; an empty answer keeps their consoles free of 404s.
  app.get("/favicon.ico", { config: { public: true } }, async (_request, reply) => reply.code(204).send());
  app.get("/app.js", { config: { public: true } }, async (_request, reply) =>
    reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "no-cache")
      .send(await bundle),
  );
};
