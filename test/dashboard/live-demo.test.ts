import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertListSchema } from "../../queries/reports/schemas.ts";
import { exited, freePort, runTourism, spawnTourism, untilReady } from "../support/child.ts";
import { sampleTokens } from "../support/sample-tokens.ts";
import { launchBrowser, missingChromium } from "./browser.ts";

const artifacts = new URL("../artifacts/", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "tourism-live-demo-"));
const env = { TOURISM_DATA_DIR: join(dir, "data"), TOURISM_TOKENS: "", CLICKHOUSE_URL: "", KAFKA_BROKERS: "", TOURISM_TOKEN: "" };
/** A fresh directory fills about a million events first: half a minute on a quiet machine, minutes on a busy one. */
const readyMs = 600_000;
/** The demo's busiest sites cross 80 % some minutes in; the screen is watched this long for it. */
const crossingMs = 600_000;

const levels = (page: Page) =>
  page.$$eval("[data-view=live] .tile", (tiles) =>
    Object.fromEntries(tiles.map((tile) => [(tile as HTMLElement).dataset.site, (tile as HTMLElement).dataset.level])),
  );

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

if (missingChromium) {
  describe("the duty screen on a phone, over the demo's live minutes", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("the duty screen on a phone, over the demo's live minutes", () => {
    let start: ChildProcess;
    let base: string;
    let browser: BrowserContext;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}/`;
      start = spawnTourism(["start", "--demo-holiday", "national_day:3"], { ...env, PORT: String(port) });
      await untilReady(start, readyMs);
      browser = await launchBrowser();
    }, readyMs + 60_000);

    afterAll(async () => {
      await browser?.close();
      if (start && start.exitCode === null) {
        start.kill("SIGINT");
        await exited(start);
      }
      // A million simulated events: not left behind in the temporary directory.
      rmSync(dir, { recursive: true, force: true });
    });

    it(
      "at 390 px: a tile turns to warning without a reload, its alert is at the top, and acknowledging it there records it",
      async () => {
        const staff = sampleTokens(env.TOURISM_DATA_DIR).find((t) => t.role === "staff")!;
        const page = await browser.newPage();
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(base);
        await page.fill("[data-field=token]", staff.token);
        await page.click("[data-action=sign-in]");
        await page.click('[data-nav="live"]');
        await page.waitForSelector('[data-results="live"][data-state="ready"]');
        const first = await levels(page);
        const quiet = Object.keys(first).filter((site) => first[site] === "normal");
        expect(quiet.length, "sites below 80 % when the screen opens").toBeGreaterThan(0);
        await page.evaluate(() => {
          (window as unknown as { notReloaded: boolean }).notReloaded = true;
        });

        const turned = await page.waitForFunction(
          (sites) => sites.find((site) => document.querySelector(`.tile[data-site="${site}"]`)?.getAttribute("data-level") !== "normal"),
          quiet,
          { timeout: crossingMs, polling: 1000 },
        );
        const site = (await turned.jsonValue()) as string;
        expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

        // Its alert waits at the top, above the tiles, with a button for staff.
        const alert = page.locator(`[data-alert-list=pending] [data-site="${site}"]`).first();
        await alert.waitFor({ timeout: 60_000 });
        expect((await page.locator("[data-alerts]").boundingBox())!.y).toBeLessThan((await page.locator("[data-tiles=attention]").boundingBox())!.y);
        expect(await noSideScroll(page)).toBe(true);
        await page.screenshot({ path: new URL("live-demo-zh-CN-390.png", artifacts).pathname, fullPage: true });

        const id = (await alert.getAttribute("data-alert"))!;
        await alert.locator("[data-action=acknowledge]").click();
        await page.waitForSelector(`[data-alert-list=other] [data-alert="${id}"] .acknowledged`, { state: "attached", timeout: 30_000 });
        // The command line beside the running demo reads it back, acknowledged by the token's holder.
        const listed = await runTourism(["alerts", "--format", "json"], env);
        expect(listed.code, listed.stderr).toBe(0);
        const stored = alertListSchema.parse(JSON.parse(listed.stdout)).alerts.find((a) => a.alert_id === id);
        expect(stored?.site_id).toBe(site);
        expect(stored?.acknowledged_by).toBe(staff.name);

        await page.click("[data-action=language]");
        await page.waitForSelector('[data-results="live"][data-state="ready"]');
        await page.waitForSelector("[data-alerts] h3");
        expect(await noSideScroll(page)).toBe(true);
        await page.screenshot({ path: new URL("live-demo-en-390.png", artifacts).pathname, fullPage: true });
        await page.close();
      },
      crossingMs + 180_000,
    );
  });
}
