import { describe, expect, it } from "vitest";
import { renderCsv, renderTable, type Tabular, withheld } from "./tabular.ts";

const view: Tabular = {
  title: "清明节 qingming 2024",
  columns: [
    { key: "name", zh: "名称", en: "name" },
    { key: "visitors", zh: "游客", en: "visitors" },
    { key: "pct", zh: "同比%", en: "YoY %" },
  ],
  rows: [
    { name: "廊下, park", visitors: 9700, pct: "+47.0" },
    { name: 'say "hi"', visitors: 5, pct: null },
  ],
  notes: ["a note"],
};

describe("renderTable", () => {
  it("aligns CJK text as two columns wide and right-aligns numbers", () => {
    expect(renderTable(view)).toBe(
      [
        "清明节 qingming 2024",
        "",
        "名称            游客  同比%",
        "name        visitors  YoY %",
        "----------  --------  -----",
        "廊下, park      9700  +47.0",
        'say "hi"           5  —',
        "",
        "a note",
        "",
      ].join("\n"),
    );
  });
});

describe("renderCsv", () => {
  it("quotes fields with commas or quotes and leaves nulls empty", () => {
    expect(renderCsv(view)).toBe('\uFEFFname,visitors,pct\r\n"廊下, park",9700,+47.0\r\n"say ""hi""",5,\r\n');
  });
});

describe("withheld figures", () => {
  const revenue: Tabular = {
    title: "t",
    columns: [
      { key: "revenue_cny", zh: "营业额", en: "revenue" },
      { key: "revenue_withheld", zh: "不公开", en: "withheld", csvOnly: true },
    ],
    rows: [
      { revenue_cny: withheld, revenue_withheld: true },
      { revenue_cny: "0.00", revenue_withheld: false },
    ],
    notes: [],
  };
  it("print a marker in the table, never 0, and leave out CSV-only columns", () => {
    expect(renderTable(revenue)).toBe(["t", "", "营业额", "revenue", "---------------", "不公开 withheld", "0.00", ""].join("\n"));
  });
  it("are empty in CSV, with the flag beside them", () => {
    expect(renderCsv(revenue)).toBe("\uFEFFrevenue_cny,revenue_withheld\r\n,true\r\n0.00,false\r\n");
  });
});
