import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dashboardCurrent, dashboardDir } from "./dashboard.mjs";
import { sourcesManifest } from "./stamps.mjs";

describe("the built dashboard counts as current only while its sources are as they were built", () => {
  let root: string;
  const sources = ["queries/dashboard/client/main.ts", "queries/reports/schemas.ts", "queries/dashboard/static/app.css"];
  const built = () => {
    mkdirSync(dashboardDir(root), { recursive: true });
    writeFileSync(join(dashboardDir(root), "sources.json"), sourcesManifest(sources, root));
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "dashboard-"));
    for (const path of sources) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), "x\n");
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("is not current before a build, and is after one", () => {
    expect(dashboardCurrent(dashboardDir(root), root)).toBe(false);
    built();
    expect(dashboardCurrent(dashboardDir(root), root)).toBe(true);
  });

  it("is not current once a bundled source outside the client is edited", () => {
    built();
    utimesSync(join(root, "queries/reports/schemas.ts"), new Date(), new Date(Date.now() + 5000));
    expect(dashboardCurrent(dashboardDir(root), root)).toBe(false);
  });
});
