import { readFile } from "node:fs/promises";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodMiniType } from "zod/mini";
import { growthReportSchema, holidayReportSchema, trendReportSchema } from "../../queries/dashboard/client/schemas.ts";
import { formatHeadlineCount, formatPct } from "../../queries/dashboard/client/format.ts";
import { countText, moneyText } from "../../queries/present/format.ts";
import { launchBrowser, missingChromium, settled, tableRows } from "./browser.ts";
import { park } from "./fixture.ts";
import { type DashboardServer, signInAs, startDashboard, tokens } from "./server.ts";

const artifacts = new URL("../artifacts/", import.meta.url);
const shot = (page: Page, name: string) => page.screenshot({ path: new URL(`dashboard-${name}.png`, artifacts).pathname, fullPage: true });

if (missingChromium) {
  describe("dashboard in headless Chromium", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("dashboard in headless Chromium", () => {
    let server: DashboardServer;
    let browser: BrowserContext;
    let base: string;

    beforeAll(async () => {
      server = await startDashboard("dashboard");
      base = server.base;
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** The API's own answer, for comparing with what the page shows. */
    async function api<T>(role: keyof typeof tokens, path: string, schema: ZodMiniType<T>): Promise<T> {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
      expect(response.status).toBe(200);
      return schema.parse(await response.json());
    }

    /** What the browser refused under the API's Content-Security-Policy, on any page of this file. */
    const cspRefusals: string[] = [];

    /** A fresh tab (sessionStorage is per tab), signed in as `role`. */
    async function signIn(role: keyof typeof tokens): Promise<Page> {
      const page = await browser.newPage();
      page.on("pageerror", (err) => {
        throw err;
      });
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) cspRefusals.push(message.text());
      });
      await page.goto(base);
      await signInAs(page, role);
      return page;
    }

    async function choose(page: Page, view: string, fields: Record<string, string>): Promise<void> {
      for (const [field, value] of Object.entries(fields)) {
        const control = page.locator(`[data-view="${view}"] [data-field="${field}"]`);
        if ((await control.evaluate((el) => el.tagName)) === "SELECT") {
          await control.selectOption(value);
        } else {
          await control.fill(value);
          await control.dispatchEvent("change");
        }
      }
      expect(await settled(page, view)).toBe("ready");
    }

    const navLinks = (page: Page) => page.$$eval("[data-nav]", (links) => links.map((a) => a.getAttribute("data-nav")));
    const options = (page: Page, field: string) => page.$$eval(`[data-field="${field}"] option`, (list) => list.map((o) => (o as HTMLOptionElement).value));

    it("paints the holiday view fast and states the Qingming 2019 headline as the alliance's report did", async () => {
      const page = await signIn("staff");
      expect(await settled(page, "holiday")).toBe("ready");
      // First paint with the bundle built: a fresh load of the page with the session's token.
      const started = Date.now();
      await page.reload();
      await page.locator("[data-results=holiday][data-state=ready] canvas, [data-results=holiday][data-state=ready] .note").first().waitFor();
      const firstPaintMs = Date.now() - started;
      console.log(`dashboard: holiday view painted in ${firstPaintMs} ms after reload`);
      // The target is < 1 s (about 0.5 s measured alone); the bound is looser because this
      // file runs beside other forked test files on a shared 2-core machine.
      expect(firstPaintMs).toBeLessThan(2500);

      await choose(page, "holiday", { holiday: "qingming", year: "2019", scope: `site:${park.site}` });
      // Worked by hand from the fixture: 9,700 against 6,599 visitors; 174,000 against 150,000 fen.
      expect(await page.textContent("[data-headline]")).toBe("清明 2019 · 廊下郊野公园：9,700 人次，同比 +47.0%");
      // Per day 3,233.3 and 2,199.7 shown as whole people; peak 3,500 against 2,200: +59.1 %.
      expect(await tableRows(page, "holiday-qingming-2019")).toEqual([
        [
          "2019",
          "廊下郊野公园",
          "2019-04-05",
          "2019-04-07",
          "3",
          "9,700",
          "3,233",
          "2019-04-06",
          "3,500",
          "1,740.00元",
          "是",
          "+47.0%",
          "+47.0%",
          "+59.1%",
          "+16.0%",
          "+47.0%",
        ],
        ["2018", "廊下郊野公园", "2018-04-05", "2018-04-07", "3", "6,599", "2,200", "2018-04-05", "2,200", "1,500.00元", "是", "—", "—", "—", "—", "—"],
      ]);
      expect(await page.locator("[data-chart=holiday-visitors] canvas").count()).toBe(1);
      expect(await page.locator("[data-chart=holiday-revenue] canvas").count()).toBe(1);
      await shot(page, "staff-holiday");

      // The CSV is built in the browser from the same table: plain numbers in the header's units, the site's id beside its name.
      const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-table="holiday-qingming-2019"] button.csv')]);
      expect(download.suggestedFilename()).toBe("holiday-qingming-2019.csv");
      const csv = await readFile((await download.path())!, "utf8");
      expect(csv).toBe(
        "\uFEFF时段,范围,编号,开始,结束,天数,接待人次,日均（人次）,峰值日期,单日峰值,营业额（元）,数据完整,可比口径人次同比（%）,全期日均同比（%）,峰值同比（%）,可比口径营业额同比（%）,全期合计同比（%）,营业额不公开,无数据原因\r\n" +
          "2019,廊下郊野公园,langxia-country-park,2019-04-05,2019-04-07,3,9700,3233,2019-04-06,3500,1740.00,是,47.0,47.0,59.1,16.0,47.0,否,\r\n" +
          "2018,廊下郊野公园,langxia-country-park,2018-04-05,2018-04-07,3,6599,2200,2018-04-05,2200,1500.00,是,,,,,,否,\r\n",
      );

      await page.click("[data-action=language]");
      expect(await settled(page, "holiday")).toBe("ready");
      expect(await page.textContent("[data-headline]")).toBe("Qingming 2019 · Langxia Country Park: 9,700 visitors, +47.0% year on year");
      expect(await page.textContent("[data-nav=trend]")).toBe("Trend");
      await shot(page, "staff-holiday-en");
      await page.click("[data-action=language]");
      expect(await settled(page, "holiday")).toBe("ready");
      expect(await page.textContent("[data-nav=trend]")).toBe("趋势");
      await page.close();
    });

    it("compares holidays of different lengths day by day, and breaks a holiday down by site", async () => {
      const page = await signIn("staff");
      await choose(page, "holiday", { holiday: "qingming", year: "2024", scope: `site:${park.site}` });
      // 2024: 3 days, 3,000 visitors; 2023: 1 day, 1,500. The comparable basis, day 1: 1,000 against 1,500,
      // -33.3 % (per day over the whole periods too); the whole periods' totals +100.0 % are secondary.
      expect(await page.textContent("[data-note=not-comparable]")).toContain("3 天 / 1 天");
      expect(await page.textContent("[data-note=not-comparable]")).toContain("前 1 天");
      expect(await page.textContent("[data-headline]")).toContain("按可比口径（前1天）同比 -33.3%");
      const yoy = (await tableRows(page, "holiday-qingming-2024"))[0]!;
      // Visitors on the comparable basis, per day over the whole periods, the whole periods' totals.
      expect([yoy[11], yoy[12], yoy[15]]).toEqual(["-33.3%", "-33.3%", "+100.0%"]);
      expect(await page.locator("[data-chart=holiday-per-day] canvas").count()).toBe(1);
      await shot(page, "staff-holiday-per-day");

      await choose(page, "holiday", { year: "2019", scope: `operator:${park.operator}`, by: "site" });
      const report = await api("staff", `/api/reports/holiday?holiday=qingming&year=2019&operator=${park.operator}&by=site`, holidayReportSchema);
      // After the operator's own two rows, each site's this year and last year, ranked by visitors, with its town; then the towns' subtotals.
      const shown = (await tableRows(page, "holiday-qingming-2019")).slice(2);
      const money = (fen: number | null | undefined) => (typeof fen === "number" ? moneyText(fen, "zh") : "—");
      const town = (id: string | null) => (id === "langxia" ? "廊下镇" : id);
      expect(shown.slice(0, 2 * (report.breakdown ?? []).length).map((row) => [row[0], row[1], row[5], row[9], row[11], row[14], row[16], row[17]])).toEqual(
        (report.breakdown ?? []).flatMap((row) => [
          [
            "2019",
            row.name_zh,
            countText(row.current.visitors!, "zh"),
            money(row.current.revenue_fen),
            formatPct(row.yoy.visitors_pct),
            formatPct(row.yoy.revenue_pct),
            String(row.rank),
            town(row.town_id),
          ],
          ["2018", row.name_zh, countText(row.previous!.visitors!, "zh"), money(row.previous?.revenue_fen), "—", "—", String(row.rank), town(row.town_id)],
        ]),
      );
      await page.close();
    });

    it("shows the trend, operator and growth views with the API's numbers", async () => {
      const page = await signIn("staff");
      await page.click("[data-nav=trend]");
      await choose(page, "trend", { from: "2019-03-01", to: "2019-05-31", granularity: "week" });
      const trend = await api("staff", "/api/reports/trend?from=2019-03-01&to=2019-05-31&granularity=week&align=date", trendReportSchema);
      const shown = await tableRows(page, "trend-2019-03-01-2019-05-31-week");
      expect(shown.map((row) => row.slice(0, 7))).toEqual(
        trend.rows.map((r) => [
          r.period,
          countText(r.visitors!, "zh"),
          countText(r.prev_visitors!, "zh"),
          formatPct(r.visitors_yoy_pct),
          moneyText(r.revenue_fen!, "zh"),
          moneyText(r.prev_revenue_fen!, "zh"),
          formatPct(r.revenue_yoy_pct),
        ]),
      );
      // Qingming 2019 falls in ISO week 14 and is marked on its row.
      expect(shown.find((row) => row[0] === "2019-W14")![8]).toBe("清明");
      await shot(page, "staff-trend");
      // 2017 has no data at all: last year's figures say so, never 0; this year's stay numbers (3 sites × 100 × 7 days).
      await choose(page, "trend", { from: "2018-03-05", to: "2018-03-18", granularity: "week" });
      const firstYear = await tableRows(page, "trend-2018-03-05-2018-03-18-week");
      expect(firstYear.map((row) => row.slice(0, 6))).toEqual([
        ["2018-W10", "2,100", "无数据", "—", "0.00元", "无数据"],
        ["2018-W11", "2,100", "无数据", "—", "0.00元", "无数据"],
      ]);

      await page.click("[data-nav=operator]");
      await choose(page, "operator", { operator: park.operator, year: "2019", granularity: "month" });
      const monthly = await api(
        "staff",
        `/api/reports/trend?from=2019-01-01&to=2019-12-31&granularity=month&align=date&operator=${park.operator}`,
        trendReportSchema,
      );
      const april = (await tableRows(page, "operator-2019-01-01-2019-12-31-month")).find((row) => row[0] === "2019-04")!;
      const apiApril = monthly.rows.find((r) => r.period === "2019-04")!;
      expect(apiApril).toMatchObject({ revenue_fen: 174_000, prev_revenue_fen: 150_000, revenue_yoy_pct: 16 });
      expect(april.slice(4, 7)).toEqual(["1,740.00元", "1,500.00元", "+16.0%"]);
      await shot(page, "staff-operator");

      await page.click("[data-nav=growth]");
      await choose(page, "growth", { from_year: "2018", to_year: "2019", baseline: "2018", scope: "alliance" });
      // By hand: 3 sites × 100 a day, park's Qingming days replaced: 2018 = 109,500 − 300 + 6,599 = 115,799;
      // 2019 = 109,500 − 300 + 9,700 = 118,900; 118,900 / 115,799 = 1.02678 → +2.7 %.
      expect(await page.textContent("[data-headline]")).toBe("2018–2019 年 · 联盟：年均复合增长 +2.7%");
      const growth = await api("staff", "/api/reports/growth?from_year=2018&to_year=2019&baseline=2018", growthReportSchema);
      const rows = await tableRows(page, "growth-2018-2019");
      expect(rows.map((row) => row.slice(0, 7))).toEqual(
        growth.years.map((y) => [
          String(y.year),
          countText(y.visitors!, "zh"),
          formatPct(y.visitors_yoy_pct),
          formatPct(y.visitors_vs_baseline_pct),
          moneyText(y.revenue_fen!, "zh"),
          formatPct(y.revenue_yoy_pct),
          formatPct(y.revenue_vs_baseline_pct),
        ]),
      );
      expect(rows[1]!.slice(0, 2)).toEqual(["2019", "11.89万"]);
      await shot(page, "staff-growth");
      await page.close();
    });

    it("offers a planner no operator view and withholds revenue of fewer than three operators", async () => {
      const page = await signIn("planner");
      expect(await navLinks(page)).toEqual(["holiday", "festival", "trend", "growth", "live"]);
      await choose(page, "holiday", { holiday: "qingming", year: "2019", scope: `operator:${park.operator}` });
      const report = await api("planner", `/api/reports/holiday?holiday=qingming&year=2019&operator=${park.operator}`, holidayReportSchema);
      expect(report.revenue_withheld).toBe(true);
      expect(await page.locator("[data-note=revenue-withheld]").count()).toBe(1);
      expect(await page.locator("[data-chart=holiday-revenue]").count()).toBe(0);
      const [current] = await tableRows(page, "holiday-qingming-2019");
      expect(current!.slice(5, 7)).toEqual([countText(report.current.visitors!, "zh"), countText(Math.round(report.current.visitors_per_day!), "zh")]);
      // Withheld, with the reason on the cell: never 0, never a bare dash.
      expect(current![9]).toBe("不公开");
      expect(await page.getAttribute("[data-table=holiday-qingming-2019] td[data-withheld]", "title")).toContain("门槛规则");
      expect(await page.textContent("[data-note=revenue-withheld]")).toContain("经营主体少于 3 家");
      await shot(page, "planner-holiday");
      await page.close();
    });

    it("offers an operator only itself, its sites and the alliance", async () => {
      const page = await signIn("operator");
      expect(await navLinks(page)).toEqual(["holiday", "festival", "trend", "operator", "growth", "live"]);
      expect(await options(page, "scope")).toEqual(["alliance", `operator:${park.operator}`, `site:${park.site}`, "site:langxia-eco-park"]);
      // The holiday view opens on its own business, which it may break down by site.
      expect(await page.$eval('[data-field="scope"]', (el) => (el as HTMLSelectElement).value)).toBe(`operator:${park.operator}`);
      expect(await options(page, "by")).toEqual(["none", "site"]);
      await choose(page, "holiday", { holiday: "qingming", year: "2019", scope: "alliance" });
      expect(await options(page, "by")).toEqual(["none"]);
      const alliance = await api("operator", "/api/reports/holiday?holiday=qingming&year=2019", holidayReportSchema);
      expect(await page.textContent("[data-headline]")).toContain(formatHeadlineCount("zh", alliance.current.visitors));
      await shot(page, "operator-holiday");

      await page.click("[data-nav=operator]");
      expect(await options(page, "operator")).toEqual([park.operator]);
      await choose(page, "operator", { year: "2019", granularity: "month" });
      await shot(page, "operator-operator");
      await page.close();
    });

    it("shows an error in the view, not a blank chart, when the API answers badly", async () => {
      const page = await signIn("staff");
      await page.route("**/api/reports/holiday?**", (route) =>
        route.fulfill({ status: 500, contentType: "application/json", body: '{"error":"internal error"}' }),
      );
      await page.selectOption("[data-field=year]", { index: 0 });
      expect(await settled(page, "holiday")).toBe("error");
      expect(await page.textContent("[data-results=holiday] [role=alert]")).toContain("HTTP 500 — internal error");
      await shot(page, "staff-holiday-error");

      await page.unroute("**/api/reports/holiday?**");
      await page.route("**/api/reports/growth?**", (route) => route.fulfill({ status: 200, contentType: "application/json", body: "{not json" }));
      await page.click("[data-nav=growth]");
      expect(await settled(page, "growth")).toBe("error");
      expect(await page.textContent("[data-results=growth] [role=alert]")).toContain("not JSON");
      await page.close();
    });

    it("refuses a wrong token at sign-in", async () => {
      const page = await browser.newPage();
      await page.goto(base);
      await page.fill("[data-field=token]", "not-a-valid-token-000");
      await page.click("[data-action=sign-in]");
      await expect.poll(() => page.locator(".sign-in [role=alert]").textContent()).toContain("HTTP 401");
      await page.close();
    });

    it("runs under the API's Content-Security-Policy with nothing refused, chart tooltips included", async () => {
      const page = await signIn("staff");
      expect(await settled(page, "holiday")).toBe("ready");
      const chart = page.locator("[data-chart] canvas").first();
      const box = (await chart.boundingBox())!;
      for (let x = 0.1; x < 1; x += 0.1) await page.mouse.move(box.x + box.width * x, box.y + box.height / 2);
      await page.close();
      expect(cspRefusals).toEqual([]);
    });
  });
}
