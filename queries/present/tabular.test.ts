import { describe, expect, it } from "vitest";
import { column } from "./labels.ts";
import { noData, renderCsv, renderMarkdown, renderTable, type Tabular, withheld, words } from "./tabular.ts";

const view: Tabular = {
  title: words("2019年清明", "Qingming 2019"),
  columns: [
    column("name", "name", "名称", "Name"),
    column("id", "id", "编号", "ID"),
    column("day", "date", "日期", "Day"),
    column("visitors", "count", "人次", "Visitors"),
    column("per_day", "average", "日均", "Per day"),
    column("revenue", "money", "营业额", "Revenue"),
    column("pct", "change", "同比", "YoY"),
    column("complete", "flag", "完整", "Complete"),
  ],
  rows: [
    {
      name: words("廊下, 郊野公园", "Langxia, park"),
      id: "langxia",
      day: "2019-04-05",
      visitors: 123_456,
      per_day: 41_152.4,
      revenue: 2_174_340_300,
      pct: 47,
      complete: true,
    },
    { name: words('说 "好"', 'say "hi"'), id: "x", day: null, visitors: 9700, per_day: 3233.5, revenue: 174_000, pct: null, complete: false },
  ],
  notes: [words("注", "a note")],
};

describe("renderTable", () => {
  it("shows names in the reader's language, counts from 10,000 in 万, money in 元 or 万元, averages as whole people, flags in words", () => {
    expect(renderTable(view, "zh")).toBe(
      [
        "2019年清明",
        "",
        "名称            编号     日期           人次    日均       营业额    同比  完整",
        "--------------  -------  ----------  -------  ------  -----------  ------  ----",
        "廊下, 郊野公园  langxia  2019-04-05  12.35万  4.12万  2174.34万元  +47.0%  是",
        '说 "好"         x        —             9,700   3,234   1,740.00元       —  否',
        "",
        "注",
        "",
      ].join("\n"),
    );
  });

  it("uses thousands separators in English", () => {
    const text = renderTable(view, "en");
    expect(text).toContain("Langxia, park  langxia  2019-04-05   123,456   41,152  21,743,403.00  +47.0%  yes");
    expect(text.split("\n")[0]).toBe("Qingming 2019");
  });

  it("drops the id columns first when the table would be wider than 100 columns, keeping the names", () => {
    const wide: Tabular = { ...view, columns: [...view.columns, column("long", "text", "说明", "Explanation")] };
    wide.rows = wide.rows.map((row) => ({ ...row, long: "x".repeat(25) }));
    const text = renderTable(wide, "zh");
    expect(text).not.toContain("langxia");
    expect(text).toContain("廊下, 郊野公园");
  });
});

describe("renderCsv", () => {
  it("heads columns in the reader's language with their units and writes real numbers in those units", () => {
    expect(renderCsv(view, "zh")).toBe(
      "\uFEFF名称,编号,日期,人次,日均（人次）,营业额（万元）,同比（%）,完整\r\n" +
        '"廊下, 郊野公园",langxia,2019-04-05,123456,41152,2174.34,47.0,是\r\n' +
        '"说 ""好""",x,,9700,3234,0.17,,否\r\n',
    );
  });

  it("keeps yuan exact to the fen in English and below ¥10,000 in Chinese", () => {
    expect(renderCsv(view, "en").split("\r\n")[0]).toBe("\uFEFFName,ID,Day,Visitors,Per day (people),Revenue (CNY),YoY (%),Complete");
    expect(renderCsv(view, "en").split("\r\n")[1]).toBe('"Langxia, park",langxia,2019-04-05,123456,41152,21743403.00,47.0,yes');
    const small = { ...view, rows: [view.rows[1]!] };
    expect(renderCsv(small, "zh").split("\r\n")[0]).toContain("营业额（元）");
    expect(renderCsv(small, "zh").split("\r\n")[1]).toContain(",1740.00,");
  });
});

describe("withheld and no-data figures", () => {
  const revenue: Tabular = {
    title: words("t", "t"),
    columns: [column("revenue", "money", "营业额", "Revenue"), column("revenue_withheld", "flag", "营业额不公开", "Revenue withheld", true)],
    rows: [
      { revenue: withheld, revenue_withheld: true },
      { revenue: noData, revenue_withheld: false },
      { revenue: 0, revenue_withheld: false },
    ],
    notes: [],
  };
  it("print a marker in text, never 0, and leave out file-only columns", () => {
    expect(renderTable(revenue, "zh")).toBe(["t", "", "营业额", "------", "不公开", "无数据", "0.00元", ""].join("\n"));
    expect(renderMarkdown(revenue, "en")).toBe("| Revenue |\n| --- |\n| withheld |\n| no data |\n| 0.00 |\n");
  });
  it("are empty in CSV, with the flag beside them", () => {
    expect(renderCsv(revenue, "zh")).toBe("\uFEFF营业额（元）,营业额不公开\r\n,是\r\n,否\r\n0.00,否\r\n");
  });
});
