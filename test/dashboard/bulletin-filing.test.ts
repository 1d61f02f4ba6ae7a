import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, missingChromium, settled } from "./browser.ts";
import { entriesNow, park, writeMessages } from "./fixture.ts";
import { type DashboardServer, signInAs, startDashboard } from "./server.ts";

const artifacts = new URL("../artifacts/", import.meta.url);

/** The park's entries today as its live tile shows them ("1,234 / 6,000"). */
const entriesOf = (text: string | null) => Number((text ?? "").split(/[/(]/)[0]!.replace(/[^\d]/g, ""));
const tileEntries = async (page: Page) => entriesOf(await page.textContent(`[data-site="${park.site}"] [data-figure=entries]`));

if (missingChromium) {
  describe("filing a bulletin from the dashboard in headless Chromium", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("filing a bulletin from the dashboard in headless Chromium", () => {
    let server: DashboardServer;
    let browser: BrowserContext;
    let live: Page;
    let page: Page;
    let written = 0;
    let writing: ReturnType<typeof setInterval> | undefined;

    beforeAll(async () => {
      server = await startDashboard("dashboard-bulletin-filing");
      browser = await launchBrowser();
      // The live view in one tab, its stream fed with gate counts a few times a second, as under `tourism start`.
      live = await browser.newPage();
      await live.goto(server.base);
      await signInAs(live, "staff");
      await live.click('[data-nav="live"]');
      await live.waitForSelector('[data-stream="live"]');
      writing = setInterval(() => {
        written += 1;
        void writeMessages(server.warehouse, server.register, [entriesNow(park, 1, `filing-${written}`)]).then(() => server.written.notify());
      }, 250);
      page = await browser.newPage();
      page.on("pageerror", (err) => {
        throw err;
      });
      await page.goto(server.base);
      await signInAs(page, "staff");
      for (const [field, value] of Object.entries({ holiday: "qingming", year: "2019", scope: "alliance" }))
        await page.selectOption(`[data-view=holiday] [data-field="${field}"]`, value);
      expect(await settled(page, "holiday")).toBe("ready");
    });

    afterAll(async () => {
      if (writing) clearInterval(writing);
      await browser?.close();
      await server?.close();
    });

    it("picks the day and hour, previews, files the bulletin while the live stream runs, and opens it from the archive exactly as filed", async () => {
      const entriesBefore = await tileEntries(live);
      await page.selectOption("[data-field=bulletin-date]", "2019-04-06");
      await page.selectOption("[data-field=bulletin-hour]", "17:00");
      await page.waitForFunction(() => document.querySelector("[data-bulletin-preview]")?.textContent?.includes("截至4月6日17时"));
      const preview = (await page.textContent("[data-bulletin-preview]"))!;
      expect(preview.split("\n").slice(0, 2)).toEqual([
        "廊下·大云·广陈乡村振兴联盟 2019年清明假期旅游统计日报（2019-04-06）",
        "廊下·大云·广陈乡村振兴联盟办公室　2019年4月6日",
      ]);
      // The fixture's daily counts are stamped at midday: before 17:00, so nothing needs confirming.
      expect(await page.locator("[data-field=accept-incomplete]").count()).toBe(0);

      await page.click("[data-action=file-bulletin]");
      const id = await (await page.waitForSelector("[data-filed]")).getAttribute("data-filed");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await page.click(`[data-open-bulletin="${id}"]`);
      await page.waitForSelector(`[data-archived-text][data-archived-id="${id}"]`);
      expect(await page.textContent("[data-archived-text]")).toBe(preview);
      await page.screenshot({ path: new URL("bulletin-filed.png", artifacts).pathname, fullPage: true });

      // The live view went on meanwhile: its stream is live and has shown gate counts written after the filing.
      const writtenAtFiling = written;
      // Filing can take less time than the stream's next snapshot: what counts is that the tile moves on after it.
      const shownAtFiling = Math.max(await tileEntries(live), entriesBefore);
      await live.waitForFunction(
        ([site, before]) => {
          const text = document.querySelector(`[data-site="${site}"] [data-figure=entries]`)?.textContent ?? "";
          return Number((text.split(/[/(]/)[0] ?? "").replace(/[^\d]/g, "")) > before;
        },
        [park.site, shownAtFiling] as const,
        { timeout: 10_000 },
      );
      // The feed's timer may be held up on a busy machine: it ticks again within seconds.
      await expect.poll(() => written, { timeout: 10_000 }).toBeGreaterThan(writtenAtFiling);
      expect(await live.getAttribute("[data-stream]", "data-stream")).toBe("live");
    });

    it("asks staff to confirm a bulletin whose counts cannot be cut at the hour before filing it", async () => {
      // The fixture's counts are stamped at 10:00 and the sites open at 08:30 or earlier: at 10:00 they hold the hours before it.
      await page.selectOption("[data-field=bulletin-hour]", "10:00");
      await page.waitForSelector("[data-field=accept-incomplete]");
      expect(await page.textContent("[data-bulletin-preview]")).toContain("无法截至10时");
      await page.click("[data-action=file-bulletin]");
      expect(await (await page.waitForSelector("[data-bulletin-status] .error, [data-bulletin-status] [role=alert]")).textContent()).toContain(
        "accept_incomplete",
      );
      await page.check("[data-field=accept-incomplete]");
      await page.click("[data-action=file-bulletin]");
      await page.waitForFunction(() => document.querySelectorAll("[data-archived]").length === 2);
    });
  });
}
