import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, missingChromium, settled, tableRows } from "./browser.ts";
import { type DashboardServer, type Role, signInAs, startDashboard } from "./server.ts";

const artifacts = new URL("../artifacts/", import.meta.url);

/**
 * The festival view per role, over the fixture's Langxia Country Park (the one fixture site in the
 * flower festival): 2019 edition 23 Mar–14 Apr, 20 days of 100 and Qingming's 9,700 = 11,700,
 * peak 3,500 on 6 Apr; 2018 edition 24 Mar–15 Apr, 2,000 + 6,599 = 8,599, peak 2,200 on 5 Apr
 * (the earlier of a tie): peak +59.1 % (3,500 / 2,200); revenue 174,000 against 150,000 fen, +16.0 %.
 * Shown in Chinese: 11,700 as 1.17万, the per-day 508.7 and 373.9 as whole people.
 */
const summary2019 = ["2019", "2019-03-23", "2019-04-14", "23", "1.17万", "509", "2019-04-06", "3,500"];
const summary2018 = ["2018", "2018-03-24", "2018-04-15", "23", "8,599", "374", "2018-04-05", "2,200"];
const table = "festival-flower-festival-2019";

/** The scope's two rows (this edition, last), without the scope's name: period, dates, days, visitors, per day (whole people), peak, revenue. */
async function scopeRows(page: Page): Promise<string[][]> {
  return (await tableRows(page, table)).slice(0, 2).map((row) => [row[0]!, ...row.slice(2, 10)]);
}

if (missingChromium) {
  describe("dashboard festival view in headless Chromium", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("dashboard festival view in headless Chromium", () => {
    let server: DashboardServer;
    let browser: BrowserContext;

    beforeAll(async () => {
      server = await startDashboard("dashboard-festival");
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function openFestival(role: Role, fields: Record<string, string>): Promise<Page> {
      const page = await browser.newPage();
      page.on("pageerror", (err) => {
        throw err;
      });
      await page.goto(server.base);
      await signInAs(page, role);
      await page.click("[data-nav=festival]");
      await settled(page, "festival");
      for (const [field, value] of Object.entries(fields)) await page.selectOption(`[data-view=festival] [data-field="${field}"]`, value);
      expect(await settled(page, "festival")).toBe("ready");
      return page;
    }
    const options = (page: Page, field: string) => page.$$eval(`[data-field="${field}"] option`, (list) => list.map((o) => (o as HTMLOptionElement).value));

    it("staff: the single-day peak and revenue year on year, by site, charts beside the tables", async () => {
      const page = await openFestival("staff", { festival: "flower-festival", year: "2019", by: "site" });
      expect(await options(page, "festival")).toEqual(["flower-festival", "peach-picking-festival", "chocolate-festival", "grape-festival"]);
      // Only years the festival has editions in.
      expect((await options(page, "year")).every((year) => Number(year) >= 2018)).toBe(true);
      expect(await page.textContent("[data-headline]")).toBe("赏花节 2019 · 联盟：单日游客量同比 +59.1%，营业额同比 +16.0%");
      expect(await scopeRows(page)).toEqual([
        [...summary2019, "1,740.00元"],
        [...summary2018, "1,500.00元"],
      ]);
      const rows = await tableRows(page, table);
      expect(rows[0]!.slice(11, 15)).toEqual(["+36.1%", "+36.1%", "+59.1%", "+16.0%"]);
      // The breakdown follows: the park this edition and last.
      expect([rows[2]![1], rows[2]![5], rows[3]![5], rows[2]![11]]).toEqual(["廊下郊野公园", "1.17万", "8,599", "+36.1%"]);
      // Editions of equal length: the whole editions are the comparable basis; the site ranks first, in its town.
      expect(rows[0]![15]).toBe("+36.1%");
      expect(rows[2]!.slice(15, 18)).toEqual(["+36.1%", "1", "廊下镇"]);
      expect(await page.locator("[data-chart=festival-visitors] canvas").count()).toBe(1);
      expect(await page.locator("[data-chart=festival-revenue] canvas").count()).toBe(1);
      await page.click("[data-action=language]");
      expect(await settled(page, "festival")).toBe("ready");
      expect(await page.textContent("[data-headline]")).toBe("Flower Festival 2019 · Alliance: single-day peak visitors +59.1% year on year, revenue +16.0%");
      await page.screenshot({ path: new URL("dashboard-staff-festival.png", artifacts).pathname, fullPage: true });
      await page.click("[data-action=language]");
      await page.close();
    });

    it("staff: offered only the scopes with a site in the festival, and the festival's sites within the chosen one", async () => {
      const page = await openFestival("staff", { festival: "flower-festival", year: "2019" });
      const scopes = await options(page, "scope");
      expect(scopes).toEqual(expect.arrayContaining(["alliance", "town:langxia", "operator:langxia-country-park-co", "site:langxia-country-park"]));
      // Same town and operator as the park, but not in the festival.
      expect(scopes).not.toContain("site:langxia-eco-park");
      expect(scopes).not.toContain("operator:zhonghua-village-coop");
      await page.selectOption('[data-view=festival] [data-field="scope"]', "site:langxia-country-park");
      expect(await settled(page, "festival")).toBe("ready");
      expect(await page.textContent("[data-headline]")).toBe("赏花节 2019 · 廊下郊野公园：单日游客量同比 +59.1%，营业额同比 +16.0%");
      expect(await scopeRows(page)).toEqual([
        [...summary2019, "1,740.00元"],
        [...summary2018, "1,500.00元"],
      ]);
      await page.close();
    });

    it("planner: revenue of one operator withheld and said so, never 0", async () => {
      const page = await openFestival("planner", { festival: "flower-festival", year: "2019" });
      expect(await page.textContent("[data-headline]")).toBe("赏花节 2019 · 联盟：单日游客量同比 +59.1%，营业额同比 不公开");
      expect(await scopeRows(page)).toEqual([
        [...summary2019, "不公开"],
        [...summary2018, "不公开"],
      ]);
      expect(await page.locator("[data-note=revenue-withheld]").count()).toBe(1);
      expect(await page.locator("[data-chart=festival-revenue]").count()).toBe(0);
      await page.close();
    });

    it("operator: only festivals its sites take part in, its own revenue shown, no breakdown", async () => {
      const page = await openFestival("operator", { year: "2019" });
      expect(await options(page, "festival")).toEqual(["flower-festival"]);
      expect(await options(page, "by")).toEqual(["none"]);
      expect(await page.textContent("[data-headline]")).toContain("单日游客量同比 +59.1%，营业额同比 +16.0%");
      expect(await scopeRows(page)).toEqual([
        [...summary2019, "1,740.00元"],
        [...summary2018, "1,500.00元"],
      ]);
      await page.close();
    });
  });
}
