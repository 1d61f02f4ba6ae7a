import { describe, expect, it } from "vitest";
import { tableCsv } from "./table.ts";

describe("tableCsv", () => {
  it("writes figures plain: yuan exact from fen, percents and counts unformatted", () => {
    const csv = tableCsv({
      name: "holiday",
      title: "汇总",
      columns: [
        { label: "时段", kind: "text" },
        { label: "接待人次", kind: "count" },
        { label: "营业额（元）", kind: "fen" },
        { label: "同比（%）", kind: "pct" },
      ],
      rows: [
        ["2019", 9700, 123456789, 47],
        ["2018", 6599, -5, null],
      ],
    });
    expect(csv).toBe("\uFEFF时段,接待人次,营业额（元）,同比（%）\r\n2019,9700,1234567.89,47\r\n2018,6599,-0.05,\r\n");
  });
});

describe("withheld cells", () => {
  it("write the marker, never 0 or a number", () => {
    const csv = tableCsv({
      name: "t",
      title: "t",
      columns: [
        { label: "营业额", kind: "fen" },
        { label: "同比", kind: "pct" },
      ],
      rows: [
        [
          { withheld: "不公开", reason: "r" },
          { withheld: "不公开", reason: "r" },
        ],
        [0, 5],
      ],
    });
    expect(csv).toBe("\uFEFF营业额,同比\r\n不公开,不公开\r\n0.00,5\r\n");
  });
});
