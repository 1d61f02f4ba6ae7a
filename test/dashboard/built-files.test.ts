import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { dashboardCurrent } from "../../infra/build/dashboard.mjs";
import { buildDashboard } from "../../infra/build/dashboard-bundle.mjs";
import { dashboardPlugin } from "../../queries/dashboard/plugin.ts";

const manifest = z.object({ sources: z.record(z.string(), z.string()) });
const staticDir = fileURLToPath(new URL("../../queries/dashboard/static/", import.meta.url));

describe("the dashboard served from what the build wrote", () => {
  let dir: string;
  let app: FastifyInstance | undefined;
  let logged: string;

  const serve = async () => {
    logged = "";
    app = Fastify({ logger: { level: "warn", stream: { write: (line: string) => (logged += line) } } });
    await app.register(dashboardPlugin, { dir });
    return app;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dashboard-built-"));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("answers 503 naming npm run build while nothing is built, then serves a build made meanwhile", async () => {
    const app = await serve();
    expect(logged).toMatch(/"level":50.*not built.*npm run build/);
    for (const path of ["/", "/app.js", "/app.css"]) {
      const answer = await app.inject(path);
      expect(answer.statusCode, path).toBe(503);
      expect(answer.body, path).toContain("<code>npm run build</code>");
    }

    await buildDashboard(dir);
    const page = await app.inject("/");
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(readFileSync(join(staticDir, "index.html"), "utf8"));
    const script = await app.inject("/app.js");
    expect(script.statusCode).toBe(200);
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.headers["cache-control"]).toBe("no-cache");
    expect(script.body).toBe(readFileSync(join(dir, "app.js"), "utf8"));
    // The bundle holds the browser app and the schemas it validates answers with.
    expect(script.body).toContain("revenue_withheld");
    expect((await app.inject("/app.css")).body).toBe(readFileSync(join(staticDir, "app.css"), "utf8"));
  });

  it("records every source of the bundle outside the packages, so an edit to any makes it out of date", async () => {
    await buildDashboard(dir);
    const { sources } = manifest.parse(JSON.parse(readFileSync(join(dir, "sources.json"), "utf8")));
    expect(Object.keys(sources)).toEqual(
      expect.arrayContaining([
        "queries/dashboard/client/main.ts",
        "queries/reports/schemas.ts",
        "queries/dashboard/static/index.html",
        "queries/dashboard/static/app.css",
      ]),
    );
    expect(Object.keys(sources).filter((path) => path.includes("node_modules"))).toEqual([]);
    expect(dashboardCurrent(dir)).toBe(true);
  });

  it("answers 503 for a dashboard older than its sources, never the stale files", async () => {
    await buildDashboard(dir);
    const built = manifest.parse(JSON.parse(readFileSync(join(dir, "sources.json"), "utf8")));
    // As if the reports' schemas had been edited since the build.
    built.sources["queries/reports/schemas.ts"] = "0:0";
    writeFileSync(join(dir, "sources.json"), JSON.stringify(built));
    const app = await serve();
    expect((await app.inject("/app.js")).statusCode).toBe(503);
    expect(logged).toContain("npm run build");
  });
});
