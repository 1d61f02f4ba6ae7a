import { DateTime } from "luxon";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../infra/logger.ts";
import { type AlertEvaluator, createAlertEvaluator } from "../../ingest/alerts/evaluator.ts";
import { alertListSchema } from "../../queries/reports/schemas.ts";
import { launchBrowser, missingChromium } from "./browser.ts";
import { entriesNow, park, village, writeMessages } from "./fixture.ts";
import { type DashboardServer, type Role, signInAs, startDashboard, tokens } from "./server.ts";
import { demoClock } from "../../ingest/simulate/demo-holiday.ts";

const artifacts = new URL("../artifacts/", import.meta.url);
const garden = { site: "biyun-garden", gate: "main-gate" };

async function openLive(browser: BrowserContext, server: DashboardServer, role: Role): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.base);
  await signInAs(page, role);
  await page.click('[data-nav="live"]');
  await page.waitForSelector('[data-results="live"][data-state="ready"]');
  await page.waitForSelector('[data-stream="live"]');
  return page;
}

/** Today's entries in the current local hour, as the hourly table shows them. */
async function entriesThisHour(page: Page): Promise<number> {
  const hour = `${String(DateTime.now().setZone("Asia/Shanghai").hour).padStart(2, "0")}:00`;
  const row = page.locator("[data-table^=live-hourly-] tbody tr", { has: page.locator(`td:text-is("${hour}")`) });
  return Number((await row.locator("td").nth(1).textContent())?.replace(/,/g, ""));
}

/** The tiles in the order shown, with the standing and occupancy share each shows. */
const tilesShown = (page: Page) =>
  page.$$eval("[data-view=live] .tile", (tiles) =>
    tiles.map((tile) => ({
      site: (tile as HTMLElement).dataset.site ?? "",
      standing: (tile as HTMLElement).dataset.standing ?? "",
      pct: Number(tile.querySelector(".share-pct")?.lastChild?.textContent?.replace("%", "") ?? Number.NaN),
    })),
  );

/** Today's alerts as the API answers them to staff. */
async function alertsOfToday(server: DashboardServer) {
  const answer = await fetch(`${server.base}/api/alerts`, { headers: { authorization: `Bearer ${tokens.staff}` } });
  expect(answer.status).toBe(200);
  return alertListSchema.parse(await answer.json()).alerts;
}

const tileSites = (page: Page) => page.$$eval("[data-view=live] .tile", (tiles) => tiles.map((tile) => (tile as HTMLElement).dataset.site ?? ""));
const tileLevel = (page: Page, site: string) => page.getAttribute(`.tile[data-site="${site}"]`, "data-level");

/**
 * Writes entries crossing 80 % of a site's instant capacity and expects its tile to turn to
 * warning in the page already open: no reload (a value set on window survives).
 */
async function crossWarning(page: Page, server: DashboardServer, evaluator: AlertEvaluator, who: { site: string; gate: string }, count: number): Promise<void> {
  expect(await tileLevel(page, who.site)).toBe("normal");
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  expect(await writeMessages(server.warehouse, server.register, [entriesNow(who, count, `live-${who.site}`)])).toBe(1);
  // As the Kafka worker does after a write: the level machine raises the crossing as an alert.
  evaluator.written([{ site_id: who.site, local_date: DateTime.now().setZone("Asia/Shanghai").toISODate()! }]);
  await evaluator.settled();
  server.written.notify();
  await page.waitForSelector(`.tile[data-site="${who.site}"][data-level="warning"]`, { timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(await page.textContent(`.tile[data-site="${who.site}"] [data-figure=occupancy]`)).toContain(count.toLocaleString("en"));
  await page.locator(`.tile[data-site="${who.site}"]`).scrollIntoViewIfNeeded();
  await page.screenshot({ path: new URL(`live-${who.site}-390.png`, artifacts).pathname });
  const scroll = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll.scroll).toBeLessThanOrEqual(scroll.inner);
}

if (missingChromium) {
  describe("dashboard live view in headless Chromium", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("dashboard live view in headless Chromium", () => {
    let server: DashboardServer;
    let browser: BrowserContext;
    let evaluator: AlertEvaluator;

    beforeAll(async () => {
      server = await startDashboard("dashboard-live");
      evaluator = createAlertEvaluator({ warehouse: server.warehouse, register: server.register, log: createLogger("silent"), lateAfterMs: 15 * 60_000 });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it("shows staff a tile for every site and turns one to warning when entries cross 80 % of its capacity", async () => {
      const page = await openLive(browser, server, "staff");
      expect((await tileSites(page)).sort()).toEqual(server.register.sites.map((s) => s.site_id).sort());
      const before = await entriesThisHour(page);
      // Zhonghua Village holds 3,900 at once: 3,200 inside is 82.1 %.
      await crossWarning(page, server, evaluator, village, 3200);
      expect(await page.textContent(`.tile[data-site="${village.site}"] [data-figure=occupancy]`)).toBe("3,200 / 3,900");
      // The entries land in this local hour's bar and row (the event is a minute old: skip the first minute of an hour).
      if (DateTime.now().minute >= 2) expect(await entriesThisHour(page)).toBe(before + 3200);
      expect(await page.$('[data-chart="live-hourly"] canvas')).not.toBeNull();

      // The duty screen: the warning counted, its site first among the tiles, its alert above them.
      expect(await page.textContent("[data-count=warning]")).toBe("预警 1 处");
      const shown = await tilesShown(page);
      expect(shown[0]!.site).toBe(village.site);
      const rank = ["full", "warning", "stale", "normal"];
      for (const [i, tile] of shown.entries()) {
        const before = shown[i - 1];
        if (!before) continue;
        expect(rank.indexOf(tile.standing), `${before.site} before ${tile.site}`).toBeGreaterThanOrEqual(rank.indexOf(before.standing));
        if (tile.standing === before.standing && !Number.isNaN(tile.pct))
          expect(tile.pct, `${before.site} before ${tile.site}`).toBeLessThanOrEqual(before.pct);
      }
      const alert = page.locator(`[data-alert-list=pending] [data-site="${village.site}"]`);
      await alert.waitFor();
      expect((await page.locator("[data-alerts]").boundingBox())!.y).toBeLessThan((await page.locator("[data-tiles=attention]").boundingBox())!.y);
      expect(await page.textContent(".stream-status")).toMatch(/^实时连接正常 · 数据更新于 \d\d:\d\d:\d\d · 本屏核对于 \d\d:\d\d:\d\d$/);
      await page.screenshot({ path: new URL("live-duty-zh-CN-390.png", artifacts).pathname, fullPage: true });

      // Acknowledged from the screen: the alert leaves the list to answer, and the API records who.
      const id = await alert.getAttribute("data-alert");
      await alert.locator("[data-action=acknowledge]").click();
      // In the day's other alerts, a group that stays closed until opened.
      await page.waitForSelector(`[data-alert-list=other] [data-alert="${id}"] .acknowledged`, { state: "attached" });
      expect(await page.$(`[data-alert-list=pending] [data-alert="${id}"]`)).toBeNull();
      const stored = (await alertsOfToday(server)).find((a) => a.alert_id === id);
      expect(stored?.acknowledged_by).toBe("联盟办");
      expect(stored?.acknowledged_at).not.toBeNull();
      await page.close();
    });

    it("keeps every tab in sight at 390 px in both languages", async () => {
      const page = await openLive(browser, server, "staff");
      for (const lang of ["zh-CN", "en"]) {
        if ((await page.evaluate(() => document.documentElement.lang)) !== lang) await page.click("[data-action=language]");
        await page.waitForSelector('[data-results="live"][data-state="ready"]');
        const tabs = await page.$$eval("[data-nav]", (links) =>
          links.map((link) => {
            const box = link.getBoundingClientRect();
            // What a tap at the tab's centre reaches: the tab itself, not a clipped or covered spot.
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return { tab: (link as HTMLElement).dataset.nav, left: box.left, right: box.right, tapped: hit === link || link.contains(hit) };
          }),
        );
        expect(tabs.map((tab) => tab.tab)).toEqual(["holiday", "festival", "trend", "operator", "growth", "live"]);
        for (const tab of tabs) {
          expect(tab.left, `${tab.tab} in ${lang}`).toBeGreaterThanOrEqual(0);
          expect(tab.right, `${tab.tab} in ${lang}`).toBeLessThanOrEqual(390);
          expect(tab.tapped, `${tab.tab} in ${lang}`).toBe(true);
        }
        if (lang === "en") await page.screenshot({ path: new URL("live-duty-en-390.png", artifacts).pathname, fullPage: true });
      }
      // The language is remembered for the next page: back to the default.
      await page.click("[data-action=language]");
      await page.close();
    });

    it("does the same for a planner, in English", async () => {
      const page = await openLive(browser, server, "planner");
      await page.click("[data-action=language]");
      await page.waitForSelector('[data-results="live"][data-state="ready"]');
      expect(await page.textContent("[data-nav=live]")).toBe("Live");
      // Biyun Garden holds 4,100 at once: 3,400 inside is 82.9 %.
      await crossWarning(page, server, evaluator, garden, 3400);
      expect(await page.textContent(`.tile[data-site="${garden.site}"] .level-badge`)).toBe("Warning (≥80%)");
      // A planner sees the alert at the top, but no button: only staff acknowledge.
      await page.waitForSelector(`[data-alert-list=pending] [data-site="${garden.site}"]`);
      expect(await page.$$("[data-action=acknowledge]")).toEqual([]);
      await page.close();
    });

    it("shows an operator only its own sites, and its warning", async () => {
      const page = await openLive(browser, server, "operator");
      const own = server.register.sites.filter((s) => s.operator_id === park.operator).map((s) => s.site_id);
      expect((await tileSites(page)).sort()).toEqual(own.sort());
      // Langxia Country Park holds 2,650 at once: 2,200 inside is 83 %.
      await crossWarning(page, server, evaluator, park, 2200);
      expect(await page.textContent(`.tile[data-site="${park.site}"] .level-badge`)).toBe("预警（≥80%）");
      await page.close();
    });

    it("marks a demo's time as a demo's, in either language", async () => {
      const today = DateTime.now().setZone("Asia/Shanghai").toISODate()!;
      const clock = demoClock({
        demo: { holiday: "national_day", day: 3 },
        pretend: { date: today, as: "2026-10-03" },
        endMinute: 22 * 60,
        resumeAt: Date.parse(`${today}T11:10:00+08:00`),
      });
      const demo = await startDashboard("dashboard-live-demo", { clock });
      try {
        const page = await openLive(browser, demo, "staff");
        expect(await page.textContent("[data-headline]")).toMatch(/11:1\d/);
        expect(await page.textContent("[data-headline] [data-demo]")).toBe("演示");
        await page.click("[data-action=language]");
        await page.waitForSelector('[data-results="live"][data-state="ready"]');
        expect(await page.textContent("[data-headline] [data-demo]")).toBe("Demo");
        await page.close();
        // The dashboard without a demo shows no marker.
        const plain = await openLive(browser, server, "staff");
        expect(await plain.$("[data-headline] [data-demo]")).toBeNull();
        await plain.close();
      } finally {
        await demo.close();
      }
    });

    it("says when the stream drops and reconnects on its own", async () => {
      const page = await openLive(browser, server, "staff");
      await page.route("**/api/live/stream", (route) => route.abort());
      // Leaving the view and coming back opens a new stream, which now fails: the status says so.
      await page.click('[data-nav="holiday"]');
      await page.click('[data-nav="live"]');
      await page.waitForSelector('[data-stream="dropped"]');
      expect(await page.getAttribute(".stream-status", "role")).toBe("status");
      await page.unroute("**/api/live/stream");
      await page.waitForSelector('[data-stream="live"]', { timeout: 10_000 });
      expect(await page.getAttribute('[data-results="live"]', "data-state")).toBe("ready");
      await page.close();
    });
  });
}
