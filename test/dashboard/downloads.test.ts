import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { BrowserContext, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, missingChromium, settled } from "./browser.ts";
import { park } from "./fixture.ts";
import { type DashboardServer, signInAs, startDashboard } from "./server.ts";

/** Every cell value of every sheet, as text. */
async function workbookCells(download: Download): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  return cells;
}

if (missingChromium) {
  describe("dashboard downloads in headless Chromium", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("dashboard downloads in headless Chromium", () => {
    let server: DashboardServer;
    let browser: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      server = await startDashboard("dashboard-downloads");
      browser = await launchBrowser();
      page = await browser.newPage();
      page.on("pageerror", (err) => {
        throw err;
      });
      await page.goto(server.base);
      await signInAs(page, "staff");
      for (const [field, value] of Object.entries({ holiday: "qingming", year: "2019", scope: `site:${park.site}` }))
        await page.selectOption(`[data-view=holiday] [data-field="${field}"]`, value);
      expect(await settled(page, "holiday")).toBe("ready");
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const download = async (selector: string) => (await Promise.all([page.waitForEvent("download"), page.click(selector)]))[0];

    it("downloads the shown holiday report as a real xlsx from the API, beside its CSV", async () => {
      const file = await download('[data-table="holiday-qingming-2019"] [data-download=xlsx]');
      expect(file.suggestedFilename()).toBe("holiday-qingming-2019.xlsx");
      const cells = await workbookCells(file);
      // The fixture's park at Qingming 2019 (3,000 + 3,500 + 3,200) and 2018 (6,599).
      expect(cells).toContain("9700");
      expect(cells).toContain("6599");
    });

    it("downloads the festival, trend and growth reports as xlsx too", async () => {
      for (const [view, table] of [
        ["festival", "[data-table^=festival-] [data-download=xlsx]"],
        ["trend", "[data-table^=trend-] [data-download=xlsx]"],
        ["growth", "[data-table^=growth-] [data-download=xlsx]"],
      ] as const) {
        await page.click(`[data-nav=${view}]`);
        expect(await settled(page, view)).toBe("ready");
        const file = await download(table);
        expect(file.suggestedFilename()).toMatch(new RegExp(`^${view}-.*\\.xlsx$`));
        expect((await workbookCells(file)).length).toBeGreaterThan(0);
      }
      await page.click("[data-nav=holiday]");
      expect(await settled(page, "holiday")).toBe("ready");
    });

    it("downloads the live figures as xlsx: the sites now and today's entries by hour, a sheet each", async () => {
      await page.click("[data-nav=live]");
      expect(await settled(page, "live")).toBe("ready");
      const file = await download("[data-table^=live-hourly-] [data-download=xlsx]");
      expect(file.suggestedFilename()).toMatch(/^live-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await file.path())!);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["live 1", "live 2"]);
      // Today's hours from 00:00 to the hour shown, under the sheet's title, time and two header lines.
      const hours = workbook
        .getWorksheet("live 2")!
        .getColumn(1)
        .values.filter((v) => typeof v === "string" && /^\d{2}:00$/.test(v));
      expect(hours[0]).toBe("00:00");
      expect(hours.length).toBe((await page.$$("[data-table^=live-hourly-] tbody tr")).length);
      await page.click("[data-nav=holiday]");
      expect(await settled(page, "holiday")).toBe("ready");
    });

    it("downloads the holiday's bulletin as text and as xlsx, and lists the archive", async () => {
      const text = await readFile((await (await download("[data-bulletin] [data-download=bulletin-text]")).path())!, "utf8");
      // Qingming 2019 is over: the bulletin speaks of its last day, at midnight, under its title, office and date.
      const [title, dateline, blank, body] = text.split("\n");
      expect([title, dateline, blank]).toEqual(["廊下郊野公园 2019年清明假期旅游统计日报（2019-04-07）", "廊下·大云·广陈乡村振兴联盟办公室　2019年4月7日", ""]);
      expect(body!.startsWith("截至4月7日24时，清明假期")).toBe(true);
      expect(text).toContain("廊下郊野公园");
      const sheet = await download("[data-bulletin] [data-download=bulletin-xlsx]");
      expect(sheet.suggestedFilename()).toBe("bulletin-qingming-2019-04-07.xlsx");
      expect((await workbookCells(sheet)).some((cell) => cell.includes("截至4月7日24时"))).toBe(true);
      // Nothing is archived in the fixture: the view says so in words.
      expect(await page.locator("[data-note=no-bulletins]").count()).toBe(1);
    });
  });
}
