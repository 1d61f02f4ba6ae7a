import { strFromU8, unzipSync } from "fflate";
import type { LightMyRequestResponse } from "fastify";
import { DateTime } from "luxon";
import { knownIds, tokenBook } from "../../queries/access/tokens.ts";
import { buildServer } from "../../queries/api/server.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { ParamError } from "../../queries/access/param-error.ts";
import { bulletinFigures } from "../../queries/reports/bulletin.ts";
import { listBulletins } from "../../queries/reports/bulletin-archive.ts";
import { fileBulletin } from "../../queries/reports/bulletin-filing.ts";
import { bulletinDocument } from "../../queries/present/bulletin-text.ts";
import type { BulletinFigures } from "../../queries/reports/schemas.ts";
import { bulletinText } from "../../queries/present/bulletin-text.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { type BulletinParamsInput, parseParams, reportParamSchemas } from "../../queries/reports/params.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { type WireEvent, footfall, reportContext, ticket } from "./fixtures.ts";

/** A gate's hourly entries (and some exits) on a day: [stamp HH:MM:SS, entries]. */
const hourly = (prefix: string, site: string, date: string, counts: [string, number][]): WireEvent[] =>
  counts.flatMap(([time, n], i) => [
    footfall(`${prefix}-${i}i`, site, `${date}T${time}+08:00`, n),
    footfall(`${prefix}-${i}o`, site, `${date}T${time}+08:00`, Math.floor(n / 2), "out"),
  ]);

/**
 * Labour Day 2025 (1–5 May) against 2024 (1–5 May), bulletins of 1 May, hand-computed.
 * 2025-05-01, hourly counts stamped just before each hour:
 *   a1: 100 (08:59:59) + 300 + 500 + 700 (11:59:59) | 600 (12:59:59) + 400 (13:59:59)  → 1,600 before 12:00, 2,600 all day
 *   b1: 50 (09:59:59) + 80 + 120 (11:59:59) | 10 (12:00:00, at the hour: after) + 90 (12:59:59) → 250 before 12:00, 350
 *   a2: one daily total, 5,000 stamped 16:59:59: it spans 12:00 (nothing before it), not 17:00
 *   revenue: g1 sale ¥1,000.00 at 10:30, refund ¥100.00 at 11:00, sale ¥500.00 at 12:00:00 (after);
 *            a1 sale ¥2,000.00 at 11:59:59.999 → ¥2,900.00 before 12:00; ¥3,400.00 all day
 * 2024-05-01: a1 hourly 80 + 200 + 400 + 520 (11:59:59) | 500; b1 40 (09:59:59) + 60 (11:59:59) | 100 (13:59:59, after a
 *   silent hour); a2 hourly 1,000 (11:59:59) | 3,000
 *   → 1,200 + 100 + 1,000 = 2,300 before 12:00; sale a1 ¥2,000.00 at 09:00.
 */
function labourDay(): WireEvent[] {
  return [
    ...hourly("l25a1", "a1", "2025-05-01", [
      ["08:59:59", 100],
      ["09:59:59", 300],
      ["10:59:59", 500],
      ["11:59:59", 700],
      ["12:59:59", 600],
      ["13:59:59", 400],
    ]),
    ...hourly("l25b1", "b1", "2025-05-01", [
      ["09:59:59", 50],
      ["10:59:59", 80],
      ["11:59:59", 120],
      ["12:00:00", 10],
      ["12:59:59", 90],
    ]),
    footfall("l25a2", "a2", "2025-05-01T16:59:59+08:00", 5_000),
    ticket("l25t1", "g1", "sale", "2025-05-01T10:30:00+08:00", "1000.00"),
    ticket("l25t2", "g1", "refund", "2025-05-01T11:00:00+08:00", "100.00"),
    ticket("l25t3", "g1", "sale", "2025-05-01T12:00:00+08:00", "500.00"),
    ticket("l25t4", "a1", "sale", "2025-05-01T11:59:59.999+08:00", "2000.00"),
    ...hourly("l24a1", "a1", "2024-05-01", [
      ["08:59:59", 80],
      ["09:59:59", 200],
      ["10:59:59", 400],
      ["11:59:59", 520],
      ["12:59:59", 500],
    ]),
    ...hourly("l24b1", "b1", "2024-05-01", [
      ["09:59:59", 40],
      ["11:59:59", 60],
      ["13:59:59", 100],
    ]),
    ...hourly("l24a2", "a2", "2024-05-01", [
      ["11:59:59", 1_000],
      ["12:59:59", 3_000],
    ]),
    ticket("l24t1", "a1", "sale", "2024-05-01T09:00:00+08:00", "2000.00"),
  ];
}

const schemas = reportParamSchemas(() => "2026-08-01", await loadHolidayCalendar());
const params = (as_of: string): BulletinParamsInput => parseParams(schemas.bulletin, { holiday: "labour_day", year: "2025", date: "2025-05-01", as_of });

let warehouse: Warehouse;
let ctx: ReportContext;

beforeAll(async () => {
  warehouse = await openTestEmbedded("bulletin_hour");
  ctx = await reportContext(warehouse, [labourDay()]);
}, 60_000);
afterAll(async () => warehouse?.close());

/** Filed as the command line and the API file it: the text as the presentation writes it. */
const filing = (acceptIncomplete: boolean) => ({ text: (figures: BulletinFigures) => bulletinDocument(figures, "zh"), acceptIncomplete });

describe("a bulletin cut at its hour", () => {
  it("at 12:00 counts the hourly entries and the sales and refunds stamped before 12:00, and names the site whose only count is a daily total", async () => {
    const figures = await bulletinFigures(ctx, cliStaff, params("12:00"), "2026-08-01");
    expect(figures.current).toMatchObject({ visitors: 1_850, revenue_fen: 290_000, complete: false });
    expect(figures.previous).toMatchObject({ visitors: 2_300, complete: true });
    expect(figures.not_cut).toEqual([{ date: "2025-05-01", sites: [{ id: "a2", name_zh: "景点a2", name_en: "Site a2" }], other_sites: 0 }]);
    // Never a figure compared from a day that could not be cut: a1's own line still is.
    expect(figures.yoy.visitors_pct).toBeNull();
    expect(figures.sites.find((s) => s.id === "a1")?.yoy.visitors_pct).toBe(33.3);
    const text = bulletinText(figures, "zh");
    expect(text).toBe(
      "截至5月1日12时，五一假期首日联盟各景区累计接待游客1,850人次，本期数据不完整，未作同比；实现旅游收入2,900.00元，本期数据不完整，未作同比。" +
        "注：景点a2的客流计数无法截至12时（仅有跨越该时刻的合计，如全天合计，或此前无计数），其12时前的游客未能计入，相关数据不完整，未作同比。" +
        "其中一镇接待游客1,850人次，同比增长42.3%，旅游收入2,000.00元，与上年同期持平；二镇接待游客0人次，本期数据不完整，未作同比，旅游收入900.00元，本期数据不完整，未作同比。" +
        "主要景区：景点a1接待游客1,600人次，同比增长33.3%；景点b1接待游客250人次，同比增长150.0%。",
    );
    expect(bulletinText(figures, "en")).toContain("Note: the gate counts of Site a2 cannot be cut at 12:00");
  });

  it("at 17:00 the daily total is before the hour: nothing is named and the whole day counts", async () => {
    const figures = await bulletinFigures(ctx, cliStaff, params("17:00"), "2026-08-01");
    expect(figures.not_cut).toEqual([]);
    expect(figures.current).toMatchObject({ visitors: 2_600 + 350 + 5_000, revenue_fen: 340_000, complete: true });
  });

  it("at 13:00 a gate silent for more than an hour before the hour (b1 last year: 11:59:59, then 13:59:59) is not cut either", async () => {
    const figures = await bulletinFigures(ctx, cliStaff, params("13:00"), "2026-08-01");
    expect(figures.not_cut).toEqual([
      { date: "2024-05-01", sites: [{ id: "b1", name_zh: "景点b1", name_en: "Site b1" }], other_sites: 0 },
      { date: "2025-05-01", sites: [{ id: "a2", name_zh: "景点a2", name_en: "Site a2" }], other_sites: 0 },
    ]);
    expect(bulletinText(figures, "zh")).toContain("注：上年同期（5月1日）景点b1的客流计数无法截至13时");
  });

  it("refuses to file an incomplete bulletin, naming the site, unless the filer confirms it", async () => {
    await expect(fileBulletin(ctx, cliStaff, params("12:00"), "2026-08-01", filing(false))).rejects.toThrow(ParamError);
    await expect(fileBulletin(ctx, cliStaff, params("12:00"), "2026-08-01", filing(false))).rejects.toThrow(
      /accept_incomplete: the gate counts of 2025-05-01: a2 cannot be cut at 12:00/,
    );
    expect(await listBulletins(warehouse, cliStaff, { holiday: "labour_day" })).toEqual([]);
    const filed = await fileBulletin(ctx, cliStaff, params("12:00"), "2026-08-01", filing(true));
    expect(filed.text).toContain("景点a2的客流计数无法截至12时");
    expect((await listBulletins(warehouse, cliStaff, { holiday: "labour_day" })).map((b) => b.id)).toEqual([filed.id]);
    await expect(fileBulletin(ctx, cliStaff, params("17:00"), "2026-08-01", filing(false))).resolves.toMatchObject({ as_of: "17:00" });
  });
});

describe("filing and downloading bulletins over the API", () => {
  const tokens = {
    staff: "staff-token-000000000001",
    planner: "planner-token-00000000001",
  };
  type Request = (method: "GET" | "POST", url: string, token: string, body?: unknown) => Promise<LightMyRequestResponse>;
  const withApp = async (work: (request: Request) => Promise<void>) => {
    const book = tokenBook(
      {
        tokens: [
          { token: tokens.staff, role: "staff", name: "Alliance office" },
          { token: tokens.planner, role: "planner", name: "Planning bureau" },
        ],
      },
      knownIds(ctx.register),
    );
    const app = await buildServer({ context: ctx, tokens: book, dashboard: false, clock: () => DateTime.fromISO("2026-08-01T12:00:00+08:00") });
    try {
      await work((method, url, token, body) =>
        app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) }),
      );
    } finally {
      await app.close();
    }
  };
  const body = { holiday: "labour_day", year: "2025", date: "2025-05-01", as_of: "12:00" };

  it("files for staff only, refuses an incomplete one without accept_incomplete (400 naming the site), and shows it as filed", async () => {
    await withApp(async (request) => {
      expect((await request("POST", "/api/bulletins", tokens.planner, body)).statusCode).toBe(403);
      const refused = await request("POST", "/api/bulletins", tokens.staff, body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatch(/^accept_incomplete: the gate counts of 2025-05-01: a2 cannot be cut at 12:00/);
      expect((await request("POST", "/api/bulletins", tokens.staff, { ...body, accept_incomplete: "yes" })).statusCode).toBe(400);
      expect((await request("POST", "/api/bulletins", tokens.staff, [1, 2])).statusCode).toBe(400);
      const filed = await request("POST", "/api/bulletins", tokens.staff, { ...body, as_of: "17:00" });
      expect(filed.statusCode).toBe(201);
      const shown = await request("GET", `/api/bulletins/${filed.json().id}`, tokens.staff);
      expect(shown.json().text).toBe(filed.json().text);
      expect(shown.json().text.split("\n").slice(0, 2)).toEqual([
        "廊下·大云·广陈乡村振兴联盟 2025年五一假期旅游统计日报（2025-05-01）",
        "廊下·大云·广陈乡村振兴联盟办公室　2025年5月1日",
      ]);
    });
  });

  it("downloads a .docx whose parts are whole OOXML and whose document holds the title, office, text and table", async () => {
    await withApp(async (request) => {
      const answer = await request("GET", "/api/reports/bulletin?holiday=labour_day&year=2025&date=2025-05-01&as_of=17:00&format=docx", tokens.staff);
      expect(answer.statusCode).toBe(200);
      expect(answer.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      expect(answer.headers["content-disposition"]).toBe('attachment; filename="bulletin-labour_day-2025-05-01.docx"');
      const parts = unzipSync(new Uint8Array(answer.rawPayload));
      const text = (name: string) => strFromU8(parts[name]!);
      // Every part the package's relationships and content types name is there, and each XML part is well-formed enough to close its root.
      expect(text("[Content_Types].xml")).toContain('ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"');
      for (const target of [...text("_rels/.rels").matchAll(/Target="\/?([^"]+)"/g)].map((m) => m[1]!)) expect(parts[target], target).toBeDefined();
      for (const target of [...text("word/_rels/document.xml.rels").matchAll(/Target="([^"]+)"/g)].map((m) => m[1]!))
        if (!/^https?:/.test(target)) expect(parts[`word/${target}`], target).toBeDefined();
      const xml = text("word/document.xml");
      expect(xml.trimEnd().endsWith("</w:document>")).toBe(true);
      const words = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("\n");
      const figures = await bulletinFigures(ctx, cliStaff, params("17:00"), "2026-08-01");
      expect(words).toContain("廊下·大云·广陈乡村振兴联盟 2025年五一假期旅游统计日报（2025-05-01）");
      expect(words).toContain("廊下·大云·广陈乡村振兴联盟办公室　2025年5月1日");
      expect(words).toContain(bulletinText(figures, "zh"));
      // The table's total row: 2,600 + 350 + 5,000 visitors.
      expect(words).toContain("7,950");
      expect(xml).toContain("<w:tbl>");
    });
  });
});
