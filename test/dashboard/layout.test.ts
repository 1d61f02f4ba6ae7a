import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, missingChromium, settled } from "./browser.ts";
import { type DashboardServer, signInAs, startDashboard } from "./server.ts";

const artifacts = new URL("../artifacts/", import.meta.url);
// Evaluated through the debugging protocol: the page's CSP (rightly) refuses an injected <script>.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const sizes = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 900 },
  { width: 1920, height: 1080 },
];
const views = ["holiday", "festival", "trend", "operator", "growth", "live"] as const;
type View = (typeof views)[number];
/** Ranges with data in the fixture, so every view has charts and tables to lay out. */
const filled: Record<View, Record<string, string>> = {
  holiday: { holiday: "qingming", year: "2019", by: "site" },
  festival: { festival: "flower-festival", year: "2019", by: "site" },
  trend: { from: "2019-01-01", to: "2019-12-31", granularity: "week" },
  operator: { year: "2019", granularity: "day" },
  growth: { from_year: "2018", to_year: "2019", baseline: "2018" },
  live: {},
};

async function open(page: Page, view: View): Promise<void> {
  await page.click(`[data-nav="${view}"]`);
  await settled(page, view);
  for (const [field, value] of Object.entries(filled[view])) {
    const control = page.locator(`[data-view="${view}"] [data-field="${field}"]`);
    if ((await control.evaluate((el) => el.tagName)) === "SELECT") await control.selectOption(value);
    else {
      await control.fill(value);
      await control.dispatchEvent("change");
    }
    expect(await settled(page, view)).toBe("ready");
  }
  await chartsDrawn(page);
}

/** Waits until every chart of the view is drawn as wide as its container (ECharts' own instance). */
async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const echarts = (window as unknown as { echarts: { getInstanceByDom(el: HTMLElement): { getWidth(): number } | undefined } }).echarts;
    return [...document.querySelectorAll<HTMLElement>(".chart")].every((el) => {
      const chart = echarts.getInstanceByDom(el);
      return chart !== undefined && Math.abs(chart.getWidth() - el.clientWidth) <= 1 && el.clientWidth > 0;
    });
  });
}

const locale = (page: Page) => page.evaluate(() => document.documentElement.lang);

async function useLanguage(page: Page, lang: "zh-CN" | "en"): Promise<void> {
  if ((await locale(page)) !== lang) await page.click("[data-action=language]");
  expect(await locale(page)).toBe(lang);
}

if (missingChromium) {
  describe("dashboard layout and accessibility in headless Chromium", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("dashboard layout and accessibility in headless Chromium", () => {
    let server: DashboardServer;
    let browser: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      server = await startDashboard("dashboard-layout");
      browser = await launchBrowser();
      page = await browser.newPage();
      await page.goto(server.base);
      await signInAs(page, "staff");
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it("fits every view at phone, tablet and desktop widths in both languages, and saves screenshots", async () => {
      for (const lang of ["zh-CN", "en"] as const) {
        await useLanguage(page, lang);
        for (const size of sizes) {
          await page.setViewportSize(size);
          for (const view of views) {
            await open(page, view);
            const where = `${view} ${lang} ${size.width}`;
            const page_ = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
            expect(page_.scroll, `horizontal page scroll: ${where}`).toBeLessThanOrEqual(page_.inner);
            await page.screenshot({ path: new URL(`layout-${view}-${lang}-${size.width}.png`, artifacts).pathname, fullPage: true });
          }
        }
      }
    }, 180_000); // 6 views × 2 languages × 4 widths, each filled in, on a shared machine

    it("keeps the header on one row at 1280 px in English", async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await useLanguage(page, "en");
      const rows = await page.$$eval("header > *", (children) => {
        const boxes = children.map((child) => child.getBoundingClientRect());
        const bottom = Math.min(...boxes.map((box) => box.bottom));
        return boxes.filter((box) => box.top >= bottom).length;
      });
      expect(rows).toBe(0);
    });

    it("scrolls a wide table inside its panel, stacks controls and redraws charts when the window narrows", async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await open(page, "trend");
      const chartWidth = () =>
        page.$eval("[data-chart=trend] .chart", (el) =>
          (window as unknown as { echarts: { getInstanceByDom(e: Element): { getWidth(): number } } }).echarts.getInstanceByDom(el).getWidth(),
        );
      const wide = await chartWidth();
      await page.setViewportSize({ width: 390, height: 844 });
      await chartsDrawn(page);
      const narrow = await chartWidth();
      expect(narrow).toBeLessThan(wide);
      expect(narrow).toBeLessThanOrEqual(390);

      const table = await page.$eval("[data-table^=trend-]", (panel) => ({ scroll: panel.scrollWidth, client: panel.clientWidth }));
      expect(table.scroll).toBeGreaterThan(table.client);
      const lefts = await page.$$eval("[data-view=trend] .controls .field", (fields) => fields.map((f) => Math.round(f.getBoundingClientRect().left)));
      expect(new Set(lefts).size).toBe(1);
    });

    it("has no serious or critical accessibility violations on any view or the sign-in form", async () => {
      const audit = async (where: string) => {
        await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } })
            .axe;
          const result = await axe.run();
          return result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
        });
        expect(violations, where).toEqual([]);
      };
      // Phone layout in Chinese, desktop in English: both languages and both layouts, in moderate time.
      for (const [lang, size] of [
        ["zh-CN", sizes[0]!],
        ["en", sizes[2]!],
      ] as const) {
        await page.setViewportSize(size);
        await useLanguage(page, lang);
        for (const view of views) {
          await open(page, view);
          await audit(`${view} ${lang} ${size.width}`);
        }
      }
      const signIn = await browser.newPage();
      await signIn.goto(server.base);
      await signIn.waitForSelector("[data-field=token]");
      const saved = page;
      page = signIn;
      await audit("sign-in");
      page = saved;
      await signIn.close();
    }, 120_000);

    it("reaches every control with Tab and shows where the focus is", async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      for (const view of views) {
        await open(page, view);
        const controls = await page.$$eval("a[href], button, select, input", (list) =>
          list.map((el, i) => {
            el.setAttribute("data-tab-check", String(i));
            return i;
          }),
        );
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        const reached = new Set<number>();
        // A date field takes three Tabs (year, month, day).
        for (let i = 0; i < controls.length * 3 + 2 && reached.size < controls.length; i++) {
          await page.keyboard.press("Tab");
          const focused = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
            return { id: Number(el.getAttribute("data-tab-check")), ring, what: `${el.outerHTML.slice(0, 80)} ${style.outlineStyle} ${style.outlineWidth}` };
          });
          if (!focused) continue;
          expect(focused.ring, `focus ring on ${focused.what} in ${view}`).toBe(true);
          reached.add(focused.id);
        }
        expect(
          [...reached].sort((a, b) => a - b),
          `controls reached by Tab in ${view}`,
        ).toEqual(controls);
      }
    });
  });
}
