import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPct } from "../../queries/dashboard/client/format.ts";
import { countText, type Lang, moneyText } from "../../queries/present/format.ts";
import { translator } from "../../queries/dashboard/client/i18n.ts";
import { launchBrowser, missingChromium } from "./browser.ts";
import { type DashboardServer, type Role, signInAs, startDashboard } from "./server.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";

/**
 * A seeded random walk through the dashboard as people use it: views, language, every control,
 * sign-out and in, window sizes, some steps taken before the previous one has settled. After each
 * settled step every chart must show the series of the table beside it and the page must have
 * logged no error. Replay a failure with DASHBOARD_WALK_SEED=<seed from the message>.
 */
const seed = Number(process.env.DASHBOARD_WALK_SEED ?? Date.now() % 1_000_000);
const stepsPerRole = 50;
const sizes = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 900 },
  { width: 1920, height: 1080 },
];

interface Snapshot {
  view: string | null;
  state: string | null;
  charts: { name: string; drawn: boolean; widthMatches: boolean; unit: string; series: { name: string; data: unknown[] }[]; categories: unknown[] }[];
  tables: Record<string, string[][]>;
  lang: Lang;
}

/** What the page shows: each chart as ECharts holds it, each table's body cells. */
function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    type Instance = {
      isDisposed(): boolean;
      getWidth(): number;
      getOption(): { series: { name: string; data: unknown[] }[]; xAxis?: { data?: unknown[] }[]; yAxis?: { name?: string }[] };
    };
    const echarts = (window as unknown as { echarts: { getInstanceByDom(el: HTMLElement): Instance | undefined } }).echarts;
    const charts = [...document.querySelectorAll<HTMLElement>("[data-chart]")].map((panel) => {
      const el = panel.querySelector<HTMLElement>(".chart")!;
      const chart = echarts.getInstanceByDom(el);
      const drawn = !!chart && !chart.isDisposed() && el.querySelector("canvas") !== null;
      const option = drawn ? chart!.getOption() : { series: [], xAxis: [], yAxis: [] };
      return {
        name: panel.dataset.chart ?? "",
        drawn,
        widthMatches: drawn && Math.abs(chart!.getWidth() - el.clientWidth) <= 1,
        series: option.series.map((s) => ({ name: s.name, data: s.data })),
        categories: option.xAxis?.[0]?.data ?? [],
        unit: option.yAxis?.[0]?.name ?? "",
      };
    });
    const tables: Record<string, string[][]> = {};
    for (const table of document.querySelectorAll<HTMLElement>("[data-table]")) {
      tables[table.dataset.table ?? ""] = [...table.querySelectorAll("tbody tr")].map((row) =>
        [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? ""),
      );
    }
    const results = document.querySelector<HTMLElement>("[data-results]");
    const lang: Lang = document.documentElement.lang.startsWith("zh") ? "zh" : "en";
    return { view: document.querySelector<HTMLElement>("[data-view]")?.dataset.view ?? null, state: results?.dataset.state ?? null, charts, tables, lang };
  });
}

const value = (point: unknown): number | null => (typeof point === "number" ? point : null);
const words = (key: "yuan" | "revenue" | "withheld" | "noDataCell") => [translator("zh")(key), translator("en")(key)];
const tableNamed = (snap: Snapshot, pattern: RegExp) => Object.entries(snap.tables).find(([name]) => pattern.test(name))?.[1];
const column = (rows: string[][], i: number) => rows.map((row) => row[i] ?? "");

/** A chart's point written as a table writes it in the page's language, by the presentation rules. */
function written(lang: Lang) {
  const shown = (point: unknown, text: (n: number) => string) => (value(point) === null ? "—" : text(value(point)!));
  return {
    count: (p: unknown) => shown(p, (n) => countText(n, lang)),
    average: (p: unknown) => shown(p, (n) => countText(Math.round(n), lang)),
    yuan: (p: unknown) => shown(p, (n) => moneyText(Math.round(n * 100), lang)),
    pct: (p: unknown) => formatPct(value(p)),
  };
}

/** Each chart's series written as its table writes them, beside the table's own columns. */
function disagreements(snap: Snapshot): string[] {
  const problems: string[] = [];
  const { count, average, yuan, pct } = written(snap.lang);
  // A chart leaves a withheld figure out (a gap, like a missing one); its table names it withheld,
  // or "no data" for a period without any.
  const withheld = new Set([...words("withheld"), ...words("noDataCell")]);
  const same = (what: string, chart: string[], shown: string[] | undefined) => {
    const table = shown?.map((cell) => (withheld.has(cell) ? "—" : cell));
    if (JSON.stringify(chart) !== JSON.stringify(table)) problems.push(`${what}: chart ${JSON.stringify(chart)} ≠ table ${JSON.stringify(table)}`);
  };
  for (const chart of snap.charts) {
    if (!chart.drawn) {
      problems.push(`chart ${chart.name} is blank`);
      continue;
    }
    if (!chart.widthMatches) problems.push(`chart ${chart.name} is not as wide as its panel`);
    const data = (i: number) => chart.series[i]?.data ?? [];
    if (chart.name === "trend" || chart.name === "operator") {
      const rows = tableNamed(snap, new RegExp(`^${chart.name}-`)) ?? [];
      // The axis names its unit, in 万 (万元) when the figures reach 10,000.
      const inYuan = words("yuan").some((yuan) => chart.unit === yuan || chart.unit === `万${yuan}`);
      const asShown = (i: number) => data(i).map((p) => (inYuan ? yuan(p) : count(p)));
      same(`${chart.name} periods`, chart.categories.map(String), column(rows, 0));
      const currentColumn = inYuan ? 4 : 1;
      // A span not over yet (its last column, to date, says so) is left out of the lines: no point, shown "—".
      const lined = (i: number) => rows.map((row) => (row[row.length - 1] !== "—" ? "—" : (row[i] ?? "—")));
      same(`${chart.name} this year`, asShown(1), lined(currentColumn));
      same(`${chart.name} last year`, asShown(2), lined(currentColumn + 1));
    } else if (/^(holiday|festival)-(visitors|revenue)$/.test(chart.name)) {
      // The holiday and festival views share these panels and the one table <view>-<holiday or festival>-<year>:
      // period, name, start, end, days, visitors, per day, peak date, peak, revenue, complete, then the four changes.
      const [view, figure] = chart.name.split("-");
      const rows = tableNamed(snap, new RegExp(`^${view}-.+-\\d{4}$`)) ?? [];
      const current = rows[0] ?? [];
      const previousYear = String(Number(current[0]) - 1);
      const previous = rows.find((row) => row[0] === previousYear && row[1] === current[1]);
      // Totals and revenue over the compared days (a row "<year> 前k天" when fewer than the whole period); per day and peak whole.
      const compared = (year: string | undefined, whole: string[] | undefined) =>
        rows.find((row) => /^\d{4} (前\d+天|the first)/.test(row[0] ?? "") && row[0]?.startsWith(`${year} `) && row[1] === current[1]) ?? whole;
      const currentCompared = compared(current[0], current);
      const previousCompared = compared(previousYear, previous);
      if (figure === "visitors") {
        const figures = (basis: string[] | undefined, row: string[] | undefined) => [basis?.[5] ?? "—", row?.[6] ?? "—", row?.[8] ?? "—"];
        const asShown = (points: unknown[]) => [count(points[0]), average(points[1]), count(points[2])];
        same(`${view} visitors this year`, asShown(data(1)), figures(currentCompared, current));
        same(`${view} visitors last year`, asShown(data(0)), figures(previousCompared, previous));
        same(`${view} visitors yoy`, data(2).map(pct), current.slice(11, 14));
      } else {
        same(`${view} revenue this year`, data(1).map(yuan), [currentCompared?.[9] ?? "—"]);
        same(`${view} revenue last year`, data(0).map(yuan), [previousCompared?.[9] ?? "—"]);
        same(`${view} revenue yoy`, data(2).map(pct), current.slice(14, 15));
      }
    } else if (chart.name === "growth") {
      const rows = tableNamed(snap, /^growth-/) ?? [];
      const revenue = words("revenue").includes(chart.series[0]?.name ?? "");
      const first = revenue ? 4 : 1;
      same("growth years", chart.categories.map(String), column(rows, 0));
      same(
        "growth totals",
        data(0).map((p) => (revenue ? yuan(p) : count(p))),
        column(rows, first),
      );
      same("growth yoy", data(1).map(pct), column(rows, first + 1));
      if (chart.series.length > 2) same("growth against baseline", data(2).map(pct), column(rows, first + 2));
    } else if (chart.name === "live-comparison") {
      // Today's totals are the sites table's last row (entries, exits, occupancy); last year's are in its note.
      const total = (tableNamed(snap, /^live-sites-/) ?? []).at(-1) ?? [];
      same("live today", data(0).map(count), [total[1] ?? "", total[3] ?? ""]);
    } else if (chart.name === "live-hourly") {
      const rows = tableNamed(snap, /^live-hourly-/) ?? [];
      same("live hours", chart.categories.map(String), column(rows, 0));
      same("live hourly today", data(0).map(count), column(rows, 1));
      // Without a comparison day the chart has today's series alone; the table's column says "—".
      if (chart.series.length > 1) same("live hourly comparison day", data(1).map(count), column(rows, 2));
    } else if (chart.name === "holiday-forecast") {
      // The expected line and the counted bars are the forecast's day table's columns (on screen: expected 3rd, counted 8th).
      const rows = tableNamed(snap, /^forecast-[a-z_]+-\d{4}$/) ?? [];
      same("forecast expected", data(2).map(count), column(rows, 2));
      same("forecast counted", data(1).map(count), column(rows, 7));
    } else if (chart.name === "holiday-per-day") {
      if (chart.series.length !== 2) problems.push(`holiday-per-day has ${chart.series.length} series, expected 2`);
    } else {
      problems.push(`chart ${chart.name} is not checked by this walk`);
    }
  }
  return problems;
}

interface Walker {
  page: Page;
  role: Role;
  next: () => number;
  steps: string[];
  errors: string[];
  inFlight: () => number;
}

const pick = <T>(walker: Walker, list: readonly T[]): T => list[Math.floor(walker.next() * list.length)]!;

function randomDate(walker: Walker, from: string, to: string): string {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return new Date(a + Math.floor(walker.next() * ((b - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
}

/** How long one action may wait for its control; a control that went away meanwhile is not waited for. */
const actionTimeoutMs = 10_000;

/**
 * Changes one control of the shown view to another allowed value, keeping ranges in order. A hurried
 * step may have left for another view (or signed out) by the time the control is reached: a control
 * gone with its view is a step a person could not take either, so it is skipped, not waited for.
 */
async function changeControl(walker: Walker): Promise<string> {
  const { page } = walker;
  const { view, fields } = await page.evaluate(() => ({
    view: document.querySelector<HTMLElement>("[data-view]")?.dataset.view ?? "",
    fields: [...document.querySelectorAll("[data-view] .controls [data-field]")].map((el) => ({
      name: el.getAttribute("data-field")!,
      value: (el as HTMLInputElement).value,
      options: el.tagName === "SELECT" ? [...(el as HTMLSelectElement).options].map((o) => o.value) : null,
    })),
  }));
  if (fields.length === 0) return "no control to change"; // the live view has none
  const field = pick(walker, fields);
  const current = (name: string) => fields.find((f) => f.name === name)?.value ?? "";
  const control = page.locator(`[data-view="${view}"] .controls [data-field="${field.name}"]`);
  let chosen: string;
  try {
    if (field.options) {
      let allowed = field.options;
      if (field.name === "from_year") allowed = allowed.filter((y) => y <= current("to_year"));
      if (field.name === "to_year") allowed = allowed.filter((y) => y >= current("from_year"));
      chosen = pick(walker, allowed.length > 0 ? allowed : field.options);
      await control.selectOption(chosen, { timeout: actionTimeoutMs });
    } else {
      // The data set spans 2018–2024; the default range is this year's, so bounds follow the other end.
      const from = current("from");
      chosen = field.name === "from" ? randomDate(walker, "2018-01-01", current("to")) : randomDate(walker, from, from > "2024-12-31" ? from : "2024-12-31");
      await control.fill(chosen, { timeout: actionTimeoutMs });
      await control.dispatchEvent("change", undefined, { timeout: actionTimeoutMs });
    }
  } catch (err) {
    const shown = await page.evaluate(() => document.querySelector<HTMLElement>("[data-view]")?.dataset.view ?? "");
    // The same view without its control would be the dashboard's fault, not the walk's.
    if (shown !== view && (await control.count()) === 0) return `control ${field.name} gone with view ${view} (now ${shown || "none"})`;
    throw err;
  }
  return `${field.name}=${chosen}`;
}

async function step(walker: Walker): Promise<string> {
  const { page } = walker;
  const roll = walker.next();
  if (roll < 0.25) {
    const views = await page.$$eval("[data-nav]", (links) => links.map((a) => a.getAttribute("data-nav")!));
    const view = pick(walker, views);
    await page.click(`[data-nav="${view}"]`);
    return `view ${view}`;
  }
  if (roll < 0.4) {
    await page.click("[data-action=language]");
    return "language";
  }
  if (roll < 0.8) return `control ${await changeControl(walker)}`;
  if (roll < 0.9) {
    const size = pick(walker, sizes);
    await page.setViewportSize(size);
    return `resize ${size.width}×${size.height}`;
  }
  await page.click("[data-action=sign-out]");
  await signInAs(page, walker.role);
  return "sign out and in";
}

/** Settled: no API request in flight, the view's results loaded, charts given a frame to draw. */
async function settle(walker: Walker): Promise<void> {
  const { page } = walker;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (walker.inFlight() === 0) {
      // A tab's click renders its view on the hashchange that follows: until then the old view shows.
      const state = await page.evaluate(() => {
        const view = document.querySelector<HTMLElement>("[data-view]")?.dataset.view;
        const wanted = location.hash.slice(1);
        return wanted === "" || view === wanted ? (document.querySelector<HTMLElement>("[data-results]")?.dataset.state ?? null) : null;
      });
      if (state !== null && state !== "loading") break;
    }
    await page.waitForTimeout(25);
  }
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

async function walk(browser: BrowserContext, base: string, role: Role, delayed: boolean): Promise<void> {
  const next = mulberry32(seed + (role === "staff" ? 0 : role === "planner" ? 1 : 2) + (delayed ? 10 : 0));
  const page = await browser.newPage();
  await page.setViewportSize(sizes[2]!);
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  let inFlight = 0;
  // The live view's stream stays open while the view shows: not a request to wait for.
  const isApi = (url: string) => new URL(url).pathname.startsWith("/api/") && new URL(url).pathname !== "/api/live/stream";
  page.on("request", (request) => void (isApi(request.url()) && inFlight++));
  page.on("requestfinished", (request) => void (isApi(request.url()) && inFlight--));
  page.on("requestfailed", (request) => void (isApi(request.url()) && inFlight--));
  if (delayed) {
    const delays = mulberry32(seed + 100);
    await page.route("**/api/**", async (route) => {
      await new Promise((done) => setTimeout(done, Math.floor(delays() * 800)));
      await route.continue().catch(() => undefined); // the page may have moved on; nothing to answer then
    });
  }
  const walker: Walker = { page, role, next, steps: [], errors, inFlight: () => inFlight };
  await page.goto(base);
  await signInAs(page, role);
  const fail = (why: string) =>
    `${why}\nreplay with DASHBOARD_WALK_SEED=${seed} (role ${role}${delayed ? ", API delayed" : ""}); steps:\n${walker.steps.map((s, i) => `${i + 1}. ${s}`).join("\n")}`;
  for (let i = 0; i < stepsPerRole; i++) {
    try {
      walker.steps.push(await step(walker));
    } catch (err) {
      throw new Error(fail(`step ${i + 1} failed: ${err instanceof Error ? err.message : String(err)}`), { cause: err });
    }
    // Some steps follow the last at once, as hurried people do: the race lives in timing.
    if (walker.next() < 0.3 && i < stepsPerRole - 1) continue;
    await settle(walker);
    const snap = await snapshot(page);
    if (snap.state !== "ready") {
      const shown = await page.locator("[data-results]").textContent();
      throw new Error(fail(`view ${snap.view} settled as ${snap.state}: ${shown}`));
    }
    const problems = disagreements(snap);
    if (problems.length > 0 || errors.length > 0) throw new Error(fail([...problems, ...errors].join("\n")));
  }
  await page.close();
}

if (missingChromium) {
  describe("dashboard random walk in headless Chromium", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe(`dashboard random walk in headless Chromium (seed ${seed})`, () => {
    let server: DashboardServer;
    let browser: BrowserContext;

    beforeAll(async () => {
      server = await startDashboard("dashboard-walk");
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    for (const role of ["staff", "planner", "operator"] as const) {
      it(`${role}: every chart agrees with its table after each step`, () => walk(browser, server.base, role, false), 120_000);
      it(`${role}: the same with the API's answers delayed at random`, () => walk(browser, server.base, role, true), 180_000);
    }

    it("compares charts with tables, so a blank or different chart fails the walk", () => {
      const table = {
        "growth-2018-2019": [
          ["2018", "11.58万", "—", "—", "—", "—", "—"],
          ["2019", "11.89万", "+2.7%", "—", "—", "—", "—"],
        ],
      };
      const chart = {
        name: "growth",
        drawn: true,
        widthMatches: true,
        unit: "人次",
        categories: ["2018", "2019"],
        series: [
          { name: "接待人次", data: [115799, 118900] },
          { name: "同比", data: [null, 2.7] },
        ],
      };
      expect(disagreements({ view: "growth", state: "ready", charts: [chart], tables: table, lang: "zh" })).toEqual([]);
      expect(
        disagreements({
          view: "growth",
          state: "ready",
          charts: [{ ...chart, series: [{ name: "接待人次", data: [115799, 118000] }, chart.series[1]!] }],
          tables: table,
          lang: "zh",
        }),
      ).toHaveLength(1);
      expect(disagreements({ view: "growth", state: "ready", charts: [{ ...chart, drawn: false }], tables: table, lang: "zh" })).toEqual([
        "chart growth is blank",
      ]);
    });
  });
}
