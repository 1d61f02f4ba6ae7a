import type { FastifyInstance } from "fastify";
import { DateTime } from "luxon";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { siteZone } from "../../ingest/contracts/time.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { buildScenario } from "../../ingest/simulate/default-scenario.ts";
import { emptyStats, simulate } from "../../ingest/simulate/generate.ts";
import { ingestBatches } from "../../ingest/simulate/to-ingestor.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { knownIds, tokenBook } from "../../queries/access/tokens.ts";
import { buildServer } from "../../queries/api/server.ts";
import type { ForecastReport } from "../../queries/reports/forecast-schema.ts";
import { translator } from "../../queries/dashboard/client/i18n.ts";
import { addDays, eachDate } from "../../transforms/calendar/dates.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import type { HolidayPeriod } from "../../transforms/calendar/holidays.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { defaultNaming } from "../support/naming.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { launchBrowser, missingChromium, tableRows } from "./browser.ts";
import { type Role, tokens } from "./server.ts";

const artifacts = new URL("../artifacts/", import.meta.url);
const seed = 1;

/** What the page shows of the forecast panel: its state, the chart's series and categories, its tables' rows. */
function panel(page: Page) {
  return page.evaluate(() => {
    type Instance = { getOption(): { series: { name: string; data: unknown[] }[]; xAxis: { data: unknown[] }[] } };
    const echarts = (window as unknown as { echarts: { getInstanceByDom(el: HTMLElement): Instance | undefined } }).echarts;
    const box = document.querySelector<HTMLElement>("[data-forecast]")!;
    const canvas = box.querySelector<HTMLElement>("[data-chart=holiday-forecast] .chart");
    const option = canvas ? echarts.getInstanceByDom(canvas)?.getOption() : undefined;
    return {
      state: box.dataset.state,
      title: box.querySelector("[data-forecast-title]")?.textContent ?? "",
      when: box.querySelector("[data-note=forecast-when]")?.textContent ?? "",
      series: option?.series.map((s) => ({ name: s.name, data: s.data })) ?? [],
      categories: option?.xAxis[0]?.data ?? [],
      overflow: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
}

if (missingChromium) {
  describe("the holiday view's forecast panel", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("the holiday view's forecast panel, over a store the simulator filled", () => {
    let warehouse: Warehouse;
    let app: FastifyInstance;
    let base: string;
    let browser: BrowserContext;
    let labourDay: HolidayPeriod;
    /** The sites' clock, moved by each test: before the holiday, then during it. */
    let now: DateTime = DateTime.now();

    beforeAll(async () => {
      warehouse = await openTestEmbedded("dashboard_forecast");
      await migrate(warehouse, createLogger("silent"));
      const [register, calendar, festivals] = await Promise.all([loadRegister(), loadHolidayCalendar(), loadFestivals()]);
      labourDay = calendar.period("labour_day", 2026)!;
      // The default scenario around each Labour Day 2023–2026, from the weeks its forecast reads to its last day.
      const scenario = buildScenario("default", register.sites, festivals, calendar, seed);
      const lookup = registerLookup(register);
      const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() });
      for (const year of [2023, 2024, 2025, 2026]) {
        const period = calendar.period("labour_day", year)!;
        const days = simulate(scenario, { seed, from: addDays(period.start, -70), to: period.end, detail: "daily" }, emptyStats());
        await ingestBatches(ingestor, days, { source: `simulate:default:seed${seed}` });
      }
      const book = tokenBook(
        {
          tokens: [
            { token: tokens.staff, role: "staff", name: "联盟办" },
            { token: tokens.planner, role: "planner", name: "规划院" },
            { token: tokens.operator, role: `operator:${register.sites[0]!.operator_id}`, name: "经营主体" },
          ],
        },
        knownIds(register),
      );
      app = await buildServer({ context: { warehouse, register, festivals, calendar, naming: defaultNaming }, tokens: book, clock: () => now });
      base = await app.listen({ host: "127.0.0.1", port: 0 });
      browser = await launchBrowser();
    }, 900_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await warehouse?.close();
    });

    const api = async <T>(role: Role, path: string): Promise<T> => {
      const answer = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
      expect(answer.status).toBe(200);
      return (await answer.json()) as T;
    };

    /** Signs in on a phone-wide page and waits for the forecast panel to finish loading. */
    async function open(role: Role): Promise<Page> {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}/#holiday`);
      await page.fill("[data-field=token]", tokens[role]);
      await page.click("[data-action=sign-in]");
      await page.locator("[data-forecast][data-state=ready]").waitFor({ timeout: 120_000 });
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      return page;
    }

    it("before the holiday: the next holiday forecast on today, each day's expected visitors and 80 % band beside last year's, at 390 px", async () => {
      now = DateTime.fromISO(`${addDays(labourDay.start, -10)}T09:00`, { zone: siteZone });
      const today = now.toISODate()!;
      const report = await api<ForecastReport>("staff", `/api/reports/forecast?holiday=labour_day&year=2026`);
      expect(report.made_on).toBe(today);
      expect(report.days.every((d) => d.expected !== null && !d.observed)).toBe(true);
      const lastYear = await api<{ rows: { visitors: number | null }[] }>(
        "staff",
        `/api/reports/trend?from=2025-05-01&to=2025-05-05&granularity=day&align=date`,
      );
      const page = await open("staff");
      const shown = await panel(page);
      await page.screenshot({ path: new URL("forecast-before-390.png", artifacts).pathname, fullPage: true });
      expect(shown.state).toBe("ready");
      expect(shown.title).toBe("客流预测：劳动节 2026");
      expect(shown.when).toBe(translator("zh")("forecastBefore", { start: labourDay.start, end: labourDay.end, madeOn: today }));
      const [last, counted, expected, low, width] = shown.series;
      expect(shown.categories).toEqual(eachDate(labourDay.start, labourDay.end).map((d, i) => `第${i + 1}天\n${d}`));
      expect(expected!.data).toEqual(report.days.map((d) => d.expected));
      expect(low!.data).toEqual(report.days.map((d) => d.low80));
      expect(width!.data).toEqual(report.days.map((d) => d.high80! - d.low80!));
      expect(counted!.data).toEqual(report.days.map(() => null));
      expect(last!.data).toEqual(lastYear.rows.map((r) => r.visitors));
      expect(lastYear.rows.every((r) => (r.visitors ?? 0) > 0)).toBe(true);
      // The days table: one row a day, its revenue in yuan for staff.
      const rows = await tableRows(page, "forecast-labour_day-2026");
      expect(rows.map((r) => r[1])).toEqual(eachDate(labourDay.start, labourDay.end));
      // How the forecast was made, folded under the table, in the reader's language: each of the answer's notes and the level.
      await page.click("[data-notes=forecast] summary");
      const notes = await page.$$eval("[data-notes=forecast] li", (items) => items.map((li) => li.textContent ?? ""));
      expect(notes.length).toBeGreaterThan(report.notes.length);
      for (const note of notes) expect(note).not.toMatch(/[A-Za-z]{3,}/);
      expect(report.method.excluded_years.length).toBeGreaterThan(0);
      expect(notes.some((note) => note.includes(report.method.excluded_years.join("、")))).toBe(true);
      await page.screenshot({ path: new URL("forecast-notes-390.png", artifacts).pathname, fullPage: true });
      expect((await panel(page)).overflow).toBe(false);
      expect(shown.overflow).toBe(false);
      await page.close();
    });

    it("during the holiday: the days over as counted and the rest forecast, the sites at risk listed first, as the API answers", async () => {
      now = DateTime.fromISO(`${addDays(labourDay.start, 2)}T11:00`, { zone: siteZone });
      const report = await api<ForecastReport>("staff", `/api/reports/forecast?holiday=labour_day&year=2026`);
      expect(report.days.map((d) => d.observed)).toEqual([true, true, false, false, false]);
      const page = await open("staff");
      // The view opens on the holiday under way at the sites, and its bulletin on their today, whatever the browser's date.
      expect([await page.inputValue("[data-field=holiday]"), await page.inputValue("[data-field=year]")]).toEqual(["labour_day", "2026"]);
      await page.locator("[data-field=bulletin-date]").waitFor();
      expect(await page.inputValue("[data-field=bulletin-date]")).toBe(now.toISODate());
      const shown = await panel(page);
      await page.screenshot({ path: new URL("forecast-during-390.png", artifacts).pathname, fullPage: true });
      expect(shown.when).toBe(translator("zh")("forecastDuring", { day: 3, days: 5, seen: 2, madeOn: report.made_on }));
      const [, counted, expected] = shown.series;
      expect(counted!.data).toEqual(report.days.map((d) => (d.observed ? d.visitors : null)));
      expect(expected!.data).toEqual(report.days.map((d) => d.expected));
      expect((counted!.data as number[]).slice(0, 2).every((v) => v > 0)).toBe(true);
      // The first thing under the note: the site-days at risk, likeliest first, or the words that there are none.
      const first = await page.$eval("[data-note=forecast-when] + *", (el) => el.getAttribute("data-table") ?? el.getAttribute("data-note"));
      if (report.days_at_risk.length > 0) {
        expect(first).toBe("forecast-labour_day-2026-risk");
        const risk = await tableRows(page, "forecast-labour_day-2026-risk");
        expect(risk.map((r) => [r[0], r[2]])).toEqual(report.days_at_risk.map((r) => [r.name_zh, r.date]));
      } else expect(first).toBe("forecast-no-risk");
      expect(shown.overflow).toBe(false);
      await page.close();
    });

    it("shows each role its own answer: the operator its own business, the planner the alliance with revenue as the rule allows", async () => {
      for (const role of ["operator", "planner"] as const) {
        const me = await api<{ capabilities: { scopes: { kind: string; id?: string }[] }; operator_id: string | null }>(role, "/api/me");
        const scope = role === "operator" ? `&operator=${me.operator_id}` : "";
        const report = await api<ForecastReport>(role, `/api/reports/forecast?holiday=labour_day&year=2026${scope}`);
        const page = await open(role);
        const shown = await panel(page);
        expect(shown.series[2]!.data).toEqual(report.days.map((d) => d.expected));
        const rows = await tableRows(page, "forecast-labour_day-2026");
        // Expected revenue (the ninth column on screen): withheld where the rule withholds it, else yuan.
        const revenue = rows.map((r) => r[8]);
        if (report.revenue_withheld) expect(revenue).toEqual(report.days.map(() => "不公开"));
        else expect(revenue.every((cell) => /^[\d,.万]+元?$/.test(cell ?? ""))).toBe(true);
        expect(shown.overflow).toBe(false);
        await page.close();
      }
    });
  });
}
