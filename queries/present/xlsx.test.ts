import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { column } from "./labels.ts";
import { noData, type Tabular, withheld, words } from "./tabular.ts";
import { toXlsx } from "./xlsx.ts";

const view: Tabular = {
  title: words("2024年清明 — 联盟", "Qingming 2024 — Alliance"),
  columns: [
    column("name", "name", "名称", "Name"),
    column("day", "date", "日期", "Day"),
    column("visitors", "count", "人次", "Visitors"),
    column("visitors_per_day", "average", "日均", "Per day"),
    column("visitors_pct", "change", "人次同比", "Visitors YoY"),
    column("revenue", "money", "营业额", "Revenue"),
    column("complete", "flag", "完整", "Complete"),
    column("at", "time", "时间", "Time"),
  ],
  rows: [
    {
      name: words("廊下", "Langxia"),
      day: "2024-04-04",
      visitors: 9700,
      visitors_per_day: 3233.3,
      visitors_pct: 47,
      revenue: 123_456_789,
      complete: true,
      at: "2024-04-04T02:05:09Z",
    },
    { name: "=HYPERLINK(1)", day: null, visitors: -5, visitors_per_day: null, visitors_pct: -3.5, revenue: withheld, complete: false, at: null },
    { name: "+cmd", day: null, visitors: 0, visitors_per_day: 0, visitors_pct: null, revenue: -5, complete: false, at: null },
    { name: "@SUM(A1)", day: null, visitors: 2, visitors_per_day: 2, visitors_pct: null, revenue: noData, complete: false, at: null },
  ],
  notes: [words("营业额按统计披露规则不公开。", "Revenue withheld.")],
};

async function readBack(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  return book.worksheets[0]!;
}

describe("toXlsx", () => {
  it("writes the title, the time in Asia/Shanghai, a frozen header with units and real numbers, dates, booleans and percentages", async () => {
    const ws = await readBack(await toXlsx([{ name: "假日 holiday", view, lead: ["截至4月5日17时……"] }], "2026-08-01T12:00:00.000Z"));
    expect(ws.name).toBe("假日 holiday");
    expect(ws.getCell("A1").value).toBe("2024年清明 — 联盟");
    expect(ws.getCell("A2").value).toBe("生成时间 2026-08-01T20:00:00+08:00");
    expect(ws.getCell("A3").value).toBe("截至4月5日17时……");
    expect(ws.getRow(5).values).toEqual([undefined, "名称", "日期", "人次", "日均（人次）", "人次同比（%）", "营业额（万元）", "完整", "时间"]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 5 });

    const first = ws.getRow(6);
    expect(first.getCell(1).value).toBe("廊下");
    expect(first.getCell(2).value).toEqual(new Date("2024-04-04T00:00:00Z"));
    expect(first.getCell(2).numFmt).toBe("yyyy-mm-dd");
    expect(first.getCell(3).value).toBe(9700);
    expect(first.getCell(3).numFmt).toBe("#,##0");
    expect(first.getCell(4).value).toBe(3233);
    expect(first.getCell(5).value).toBeCloseTo(0.47, 10);
    expect(first.getCell(5).numFmt).toBe("+0.0%;-0.0%;0.0%");
    // 1,234,567.89 yuan is 123.456789 万元, shown to two decimals.
    expect(first.getCell(6).value).toBeCloseTo(123.456789, 10);
    expect(first.getCell(6).numFmt).toBe("#,##0.00");
    expect(first.getCell(7).value).toBe(true);
    expect(first.getCell(8).value).toBe("2024-04-04T10:05:09+08:00");
  });

  it("heads the sheet in English with ?lang=en, yuan in CNY", async () => {
    const ws = await readBack(await toXlsx([{ name: "t", view }], "2026-08-01T12:00:00.000Z", "en"));
    expect(ws.getCell("A1").value).toBe("Qingming 2024 — Alliance");
    expect(ws.getRow(4).values).toEqual([undefined, "Name", "Day", "Visitors", "Per day (people)", "Visitors YoY (%)", "Revenue (CNY)", "Complete", "Time"]);
    expect(ws.getRow(5).getCell(1).value).toBe("Langxia");
    expect(ws.getRow(5).getCell(6).value).toBe(1234567.89);
  });

  it("keeps negative numbers numbers, leaves withheld and no-data figures empty with a note, and neutralises formula-like text", async () => {
    const ws = await readBack(await toXlsx([{ name: "t", view }], "2026-08-01T12:00:00.000Z"));
    const rows = [6, 7, 8].map((n) => ws.getRow(n));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(["'=HYPERLINK(1)", "'+cmd", "'@SUM(A1)"]);
    expect(rows[0]!.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(rows[0]!.getCell(3).value).toBe(-5);
    expect(rows[0]!.getCell(5).value).toBeCloseTo(-0.035, 10);
    expect(rows[0]!.getCell(6).value).toBeNull();
    expect(rows[0]!.getCell(6).note).toBe("不公开（统计披露规则）");
    expect(rows[1]!.getCell(6).value).toBeCloseTo(-0.000005, 12);
    expect(rows[1]!.getCell(3).value).toBe(0);
    expect(rows[2]!.getCell(6).value).toBeNull();
    expect(rows[2]!.getCell(6).note).toBe("无数据（该期间每天都没有事件，不是 0）");
    expect(ws.getRow(10).getCell(1).value).toBe("营业额按统计披露规则不公开。");
  });

  it("gives sheets whose names repeat once cut to Excel's 31 characters (long site ids) names of their own", async () => {
    const long = "langxia-country-park-north-gate-annex";
    const buffer = await toXlsx(
      [
        { name: `${long}-a`, view },
        { name: `${long}-b`, view },
        { name: `${long}-A`, view },
      ],
      "2026-08-01T12:00:00.000Z",
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(book.worksheets.map((ws) => ws.name)).toEqual([
      "langxia-country-park-north-gate",
      "langxia-country-park-north-ga 2",
      "langxia-country-park-north-ga 3",
    ]);
  });
});
