import ExcelJS from "exceljs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../queries/cli/report/report-actions.ts";
import { type ReportName, reportCatalogue } from "../../queries/present/report-catalogue.ts";
import type { Lang } from "../../queries/present/format.ts";
import { launchBrowser, missingChromium, settled } from "../dashboard/browser.ts";
import { park } from "../dashboard/fixture.ts";
import { type DashboardServer, signInAs, startDashboard, tokens } from "../dashboard/server.ts";

/**
 * One report, every surface: the dashboard's table (in Chromium, over the API), the CLI's text and
 * CSV (as the CLI renders an answer it asks a running owner for), the API's CSV and xlsx (read back
 * with exceljs). Each pair must carry the same cells: names equal, and every figure on screen equal
 * to the number in the files within the rounding it is shown with (12.35万, 2174.34万元, +47.0%).
 */

/** A table as a surface shows it: its header and its rows of cells as text (files: as CSV writes them). */
interface Grid {
  headers: string[];
  rows: string[][];
}

/** RFC 4180 fields (quotes, doubled quotes, CRLF) of one CSV table. */
function parseCsv(text: string): Grid {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      [field, record] = ["", []];
      i++;
    } else field += c;
  }
  const [headers, ...rows] = records;
  return { headers: headers!, rows };
}

/** A CSV download's tables (separated by an empty line; the first starts with the byte-order mark). */
const csvTables = (text: string): Grid[] =>
  text
    .replace(/^\uFEFF/, "")
    .split("\r\n\r\n")
    .map((table) => parseCsv(table.endsWith("\r\n") ? table : `${table}\r\n`));

/** The CLI's text tables: a header line above a dashed rule, rows until an empty line; columns two spaces apart. */
function textTables(text: string): Grid[] {
  const lines = text.split("\n");
  const grids: Grid[] = [];
  lines.forEach((line, i) => {
    if (!/^-+( +-+)*$/.test(line)) return;
    const rows: string[][] = [];
    for (let j = i + 1; j < lines.length && lines[j] !== ""; j++) rows.push(lines[j]!.trim().split(/ {2,}/));
    grids.push({ headers: lines[i - 1]!.trim().split(/ {2,}/), rows });
  });
  return grids;
}

/** An xlsx cell as CSV writes the same figure: percentages back in percent, dates as days, flags in words. */
function xlsxField(header: string, value: ExcelJS.CellValue, lang: Lang): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "boolean") return lang === "zh" ? (value ? "是" : "否") : value ? "yes" : "no";
  if (typeof value === "number") {
    if (/[（(]%[）)]$/.test(header)) return (value * 100).toFixed(1);
    if (/（元）$|（万元）$|\(CNY\)$/.test(header)) return value.toFixed(2);
    return String(value);
  }
  return String(value);
}

/** Each sheet's table: the header row is the one after the first empty row; its data rows follow up to the next empty row. */
async function xlsxTables(buffer: ArrayBuffer, lang: Lang): Promise<Grid[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer);
  return book.worksheets.map((sheet) => {
    const rows: ExcelJS.CellValue[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
    const start = rows.findIndex((row) => row.length === 0) + 1;
    const headers = rows[start]!.map(String);
    const body: string[][] = [];
    for (let i = start + 1; i < rows.length && rows[i]!.length > 0; i++) {
      body.push(headers.map((header, j) => xlsxField(header, rows[i]![j] ?? null, lang)));
    }
    return { headers, rows: body };
  });
}

/** A file's header without its unit: 营业额（万元） → 营业额, Revenue (CNY) → Revenue. */
const bare = (header: string) => header.replace(/（[^）]*）$| \([^)]*\)$/, "");

const number = (text: string) => Number(text.replace(/[,元万+±%]/g, "").replace(/^CNY /, ""));

/**
 * Whether a figure as shown agrees with the file's number in the unit `header` names; the screen
 * may round (万 to two decimals, averages to whole people), the file never shows more than it has.
 */
function agrees(shown: string, field: string, header: string): boolean {
  if (["—", "不公开", "无数据", "withheld", "no data"].includes(shown)) return field === "";
  if (/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) \+08:00$/.test(shown)) return field === shown.replace(" ", "T").replace(" +08:00", "+08:00");
  const yuanInFile = /（元）$|\(CNY\)$/.test(header) ? Number(field) : /（万元）$/.test(header) ? Number(field) * 10_000 : null;
  if (shown.endsWith("万元")) return yuanInFile !== null && Math.abs(number(shown) * 10_000 - yuanInFile) <= 50;
  if (shown.endsWith("元") || (yuanInFile !== null && /^-?[\d,]+\.\d\d$/.test(shown)))
    return yuanInFile !== null && Math.abs(number(shown) - yuanInFile) < 0.005;
  if (shown.endsWith("%")) return Math.abs(number(shown) - Number(field)) < 0.05 + 1e-9;
  if (shown.endsWith("万")) return Math.abs(number(shown) * 10_000 - Number(field)) <= 50;
  if (/^-?[\d,]+$/.test(shown) && /^-?\d+$/.test(field)) return number(shown) === Number(field);
  return shown === field;
}

/** Checks a shown grid against a file grid column by column (by header without unit); returns the figures compared. */
function expectAgreement(what: string, shown: Grid, file: Grid): number {
  expect(shown.rows.length, `${what}: rows`).toBe(file.rows.length);
  let figures = 0;
  shown.headers.forEach((header, i) => {
    const j = file.headers.findIndex((h) => bare(h) === header);
    expect(j, `${what}: column ${header} in ${file.headers.join(",")}`).toBeGreaterThanOrEqual(0);
    shown.rows.forEach((row, r) => {
      const [cell, field] = [row[i]!, file.rows[r]![j]!];
      expect(agrees(cell, field, file.headers[j]!), `${what} row ${r + 1} ${header}: shown ${JSON.stringify(cell)}, file ${JSON.stringify(field)}`).toBe(true);
      if (/\d/.test(cell)) figures++;
    });
  });
  return figures;
}

/** The same table as text and on screen: every column the screen shows, cell for cell (the text may also show ids). */
function expectSameCells(what: string, screen: Grid, text: Grid): void {
  expect(text.rows.length, `${what}: rows`).toBe(screen.rows.length);
  screen.headers.forEach((header, i) => {
    const j = text.headers.indexOf(header);
    expect(j, `${what}: column ${header} in ${text.headers.join(",")}`).toBeGreaterThanOrEqual(0);
    expect(
      text.rows.map((row) => row[j]),
      `${what}: ${header}`,
    ).toEqual(screen.rows.map((row) => row[i]));
  });
}

interface Shown {
  report: ReportName;
  view: string;
  fields: Record<string, string>;
  /** The dashboard's table names (data-table), in the order of the report's tables. */
  tables: (page: Page) => Promise<string[]>;
}

const exact =
  (...names: string[]) =>
  async () =>
    names;
const prefixed =
  (...prefixes: string[]) =>
  async (page: Page) =>
    Promise.all(prefixes.map(async (prefix) => (await page.getAttribute(`[data-table^="${prefix}"]`, "data-table"))!));

const shown: Shown[] = [
  {
    report: "holiday",
    view: "holiday",
    fields: { holiday: "qingming", year: "2019", scope: `operator:${park.operator}`, by: "site" },
    tables: exact("holiday-qingming-2019"),
  },
  { report: "festival", view: "festival", fields: { festival: "flower-festival", year: "2019", by: "site" }, tables: exact("festival-flower-festival-2019") },
  { report: "trend", view: "trend", fields: { from: "2019-03-25", to: "2019-04-14", granularity: "day" }, tables: exact("trend-2019-03-25-2019-04-14-day") },
  { report: "growth", view: "growth", fields: { from_year: "2018", to_year: "2019", baseline: "2018" }, tables: exact("growth-2018-2019") },
  { report: "live", view: "live", fields: {}, tables: prefixed("live-sites-", "live-hourly-") },
];

if (missingChromium) {
  describe("every surface shows the same cells", () => {
    it.skip(`skipped: ${missingChromium}`, () => {});
  });
} else {
  describe("every surface shows the same cells", () => {
    let server: DashboardServer;
    let browser: BrowserContext;
    let page: Page;
    const get = (path: string) => fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${tokens.staff}` } });

    beforeAll(async () => {
      server = await startDashboard("surfaces-agree");
      browser = await launchBrowser();
      page = await browser.newPage();
      page.on("pageerror", (err) => {
        throw err;
      });
      await page.goto(server.base);
      await signInAs(page, "staff");
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function choose(view: string, fields: Record<string, string>): Promise<void> {
      await page.click(`[data-nav=${view}]`);
      expect(await settled(page, view)).toBe("ready");
      for (const [field, value] of Object.entries(fields)) {
        const control = page.locator(`[data-view="${view}"] [data-field="${field}"]`);
        if ((await control.evaluate((el) => el.tagName)) === "SELECT") await control.selectOption(value);
        else {
          await control.fill(value);
          await control.dispatchEvent("change");
        }
        expect(await settled(page, view)).toBe("ready");
      }
    }

    const screenTable = async (name: string): Promise<Grid> => ({
      headers: await page.$$eval(`[data-table="${name}"] thead th`, (cells) => cells.map((c) => c.textContent ?? "")),
      rows: await page.$$eval(`[data-table="${name}"] tbody tr`, (rows) => rows.map((row) => [...row.querySelectorAll("td")].map((c) => c.textContent ?? ""))),
    });

    /** The query the dashboard asks the API's spreadsheet with: the report and moment it shows. */
    async function shownQuery(table: string): Promise<URL> {
      const [request] = await Promise.all([page.waitForRequest(/format=xlsx/), page.click(`[data-table="${table}"] [data-download=xlsx]`)]);
      return new URL(request.url());
    }

    for (const lang of ["zh", "en"] as const) {
      for (const { report, view, fields, tables } of shown) {
        it(`${report} (${lang}): dashboard, CLI text and CSV, API CSV and xlsx carry the same cells`, async () => {
          if ((await page.getAttribute("html", "lang"))?.startsWith("zh") !== (lang === "zh")) await page.click("[data-action=language]");
          await choose(view, fields);
          const names = await tables(page);
          const url = await shownQuery(names[0]!);
          expect(url.searchParams.get("lang")).toBe(lang);
          const query = (format: string) => {
            const params = new URLSearchParams(url.searchParams);
            params.delete("lang");
            params.delete("format");
            if (format !== "json") params.set("format", format);
            if (format !== "json") params.set("lang", lang);
            return `${url.pathname}?${params}`;
          };
          const answer = await (await get(query("json"))).json();
          // Decoded keeping the byte-order mark, which fetch's text() drops.
          const apiCsv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await (await get(query("csv"))).arrayBuffer());
          const xlsx = await xlsxTables(await (await get(query("xlsx"))).arrayBuffer(), lang);
          const entry = reportCatalogue[report] as Parameters<typeof renderReport>[1];
          const cliCsv = String(await renderReport(report, entry, answer, "csv", lang));
          // As on a terminal wide enough for every column: narrower ones wrap and split (cli-width tests those).
          const cliText = textTables(String(await renderReport(report, entry, answer, "table", lang, Number.POSITIVE_INFINITY)));

          expect(apiCsv).toBe(cliCsv);
          const csv = csvTables(apiCsv);
          expect(csv).toHaveLength(names.length);
          let figures = 0;
          for (const [i, name] of names.entries()) {
            const screen = await screenTable(name);
            expect(screen.rows.length, name).toBeGreaterThan(0);
            expect(xlsx[i]!.headers).toEqual(csv[i]!.headers);
            expect(xlsx[i]!.rows, `${name}: xlsx as CSV`).toEqual(csv[i]!.rows);
            expectSameCells(`${name} text`, screen, cliText[i]!);
            figures += expectAgreement(`${name} screen/CSV`, screen, csv[i]!);
          }
          expect(figures).toBeGreaterThan(0);
        });
      }
    }

    it("bulletin: the API's Markdown table and its xlsx carry the same cells", async () => {
      const query = "holiday=qingming&year=2019&site=langxia-country-park";
      const md = await (await get(`/api/reports/bulletin?${query}&format=md`)).text();
      const table = md.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| ---"));
      const cells = (line: string) => line.slice(2, -2).split(" | ");
      const shownGrid = { headers: cells(table[0]!), rows: table.slice(1).map(cells) };
      const [sheet] = await xlsxTables(await (await get(`/api/reports/bulletin?${query}&format=xlsx`)).arrayBuffer(), "zh");
      expect(shownGrid.rows.map((row) => row[1])).toContain("廊下郊野公园");
      expect(expectAgreement("bulletin", shownGrid, sheet!)).toBeGreaterThan(0);
    });
  });
}
