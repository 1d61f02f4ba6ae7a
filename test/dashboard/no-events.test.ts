import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, missingChromium } from "./browser.ts";
import { writeDataSet } from "./fixture.ts";
import { type DashboardServer, signInAs, startDashboard } from "./server.ts";

const artifacts = new URL("../artifacts/", import.meta.url);

if (missingChromium) {
  describe("dashboard on an empty store", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("dashboard on an empty store", () => {
    let server: DashboardServer;
    let browser: BrowserContext;

    beforeAll(async () => {
      server = await startDashboard("no_events", { empty: true });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it("says that no data has arrived and how to send some, at phone width, until the first events are stored", async () => {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.base}/`);
      await signInAs(page, "staff");
      const note = page.locator("[data-note=no-events]");
      await note.waitFor();
      const text = (await note.textContent()) ?? "";
      expect(text).toContain("tourism.tickets");
      expect(text).toContain(`${server.base}/api/events`);
      await page.screenshot({ path: new URL("dashboard-no-events-390.png", artifacts).pathname });

      await writeDataSet(server.warehouse, server.register);
      await page.reload();
      await page.waitForSelector("[data-view]");
      expect(await page.locator("[data-note=no-events]").count()).toBe(0);
      await page.close();
    }, 120_000);
  });
}
