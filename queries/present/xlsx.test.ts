import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { noData, type Tabular, withheld } from "./tabular.ts";
import { toXlsx } from "./xlsx.ts";

const view: Tabular = {
  title: "清明节 qingming 2024 — 联盟 alliance",
  columns: [
    { key: "name", zh: "名称", en: "name" },
    { key: "visitors", zh: "游客", en: "visitors" },
    { key: "visitors_per_day", zh: "日均", en: "per day" },
    { key: "visitors_pct", zh: "游客同比%", en: "visitors %" },
    { key: "revenue_cny", zh: "营业额(元)", en: "revenue CNY" },
    { key: "revenue_withheld", zh: "营业额不公开", en: "revenue withheld", csvOnly: true },
  ],
  rows: [
    { name: "廊下", visitors: 9700, visitors_per_day: 3233.3, visitors_pct: "+47.0", revenue_cny: "1234567.89", revenue_withheld: false },
    { name: "=HYPERLINK(1)", visitors: -5, visitors_per_day: null, visitors_pct: "-3.5", revenue_cny: withheld, revenue_withheld: true },
    { name: "+cmd", visitors: 0, visitors_per_day: 0, visitors_pct: null, revenue_cny: "-0.05", revenue_withheld: false },
    { name: "-x", visitors: 1, visitors_per_day: 1, visitors_pct: "0.0", revenue_cny: "0.00", revenue_withheld: false },
    { name: "@SUM(A1)", visitors: 2, visitors_per_day: 2, visitors_pct: null, revenue_cny: "1.00", revenue_withheld: false },
  ],
  notes: ["营业额不公开 Revenue withheld: fewer than 3 operators contributed."],
};

async function readBack(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  return book.worksheets[0]!;
}

describe("toXlsx", () => {
  it("writes the title, generation time, a frozen two-line header and real numbers with number formats", async () => {
    const ws = await readBack(await toXlsx([{ name: "假日 holiday", view, lead: ["截至4月5日17时……"] }], "2026-08-01T12:00:00.000Z"));
    expect(ws.name).toBe("假日 holiday");
    expect(ws.getCell("A1").value).toBe("清明节 qingming 2024 — 联盟 alliance");
    expect(ws.getCell("A2").value).toBe("生成时间 Generated 2026-08-01T12:00:00.000Z");
    expect(ws.getCell("A3").value).toBe("截至4月5日17时……");
    expect(ws.getRow(5).values).toEqual([undefined, "名称", "游客", "日均", "游客同比%", "营业额(元)"]);
    expect(ws.getRow(6).values).toEqual([undefined, "name", "visitors", "per day", "visitors %", "revenue CNY"]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 6 });

    const first = ws.getRow(7);
    expect(first.getCell(2).value).toBe(9700);
    expect(first.getCell(2).numFmt).toBe("#,##0");
    expect(first.getCell(3).value).toBe(3233.3);
    expect(first.getCell(4).value).toBeCloseTo(0.47, 10);
    expect(first.getCell(4).numFmt).toBe("+0.0%;-0.0%;0.0%");
    expect(first.getCell(5).value).toBe(1234567.89);
    expect(first.getCell(5).numFmt).toBe("#,##0.00");
  });

  it("keeps negative numbers numbers, leaves withheld revenue empty with a note, and neutralises formula-like text", async () => {
    const ws = await readBack(await toXlsx([{ name: "t", view }], "2026-08-01T12:00:00.000Z"));
    // No lead line: the header is rows 4–5, the data rows 6–10.
    const rows = [6, 7, 8, 9, 10].map((n) => ws.getRow(n));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(["廊下", "'=HYPERLINK(1)", "'+cmd", "'-x", "'@SUM(A1)"]);
    expect(rows[1]!.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(rows[1]!.getCell(2).value).toBe(-5);
    expect(rows[1]!.getCell(4).value).toBeCloseTo(-0.035, 10);
    expect(rows[1]!.getCell(5).value).toBeNull();
    expect(rows[1]!.getCell(5).note).toBe("不公开 withheld (disclosure rule)");
    expect(rows[2]!.getCell(5).value).toBe(-0.05);
    expect(rows[2]!.getCell(4).value).toBeNull();
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 5 });
    expect(ws.getRow(12).getCell(1).value).toBe("营业额不公开 Revenue withheld: fewer than 3 operators contributed.");
  });

  it("leaves a no-data figure empty (never 0) with a note saying so, and a real zero a number", async () => {
    const trend: Tabular = {
      title: "趋势 Trend",
      columns: [
        { key: "period", zh: "期间", en: "period" },
        { key: "visitors", zh: "游客", en: "visitors" },
        { key: "revenue_cny", zh: "营业额(元)", en: "revenue CNY" },
      ],
      rows: [
        { period: "2027-01-01", visitors: noData, revenue_cny: noData },
        { period: "2025-06-01", visitors: 0, revenue_cny: "0.00" },
      ],
      notes: [],
    };
    const ws = await readBack(await toXlsx([{ name: "t", view: trend }], "2026-08-01T12:00:00.000Z"));
    const [none, zero] = [ws.getRow(6), ws.getRow(7)];
    expect([none.getCell(2).value, none.getCell(3).value]).toEqual([null, null]);
    expect(none.getCell(2).note).toBe("无数据 no data (no events on any day of the period; not 0)");
    expect(none.getCell(3).note).toBe("无数据 no data (no events on any day of the period; not 0)");
    expect([zero.getCell(2).value, zero.getCell(3).value]).toEqual([0, 0]);
    expect(zero.getCell(2).note).toBeUndefined();
  });
});
