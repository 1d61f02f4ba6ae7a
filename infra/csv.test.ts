import { describe, expect, it } from "vitest";
import { toCsv, utf8Bom } from "./csv.ts";

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends", () => {
    expect(
      toCsv(
        ["站点", "人次"],
        [
          ["廊下郊野公园", 9700],
          ["大云", 0],
        ],
      ),
    ).toBe("\uFEFF站点,人次\r\n廊下郊野公园,9700\r\n大云,0\r\n");
  });
  it("quotes commas, quotes and newlines", () => {
    expect(toCsv(["a"], [['x, "y"'], ["two\nlines"]])).toBe('\uFEFFa\r\n"x, ""y"""\r\n"two\nlines"\r\n');
  });
  it("leaves missing figures empty and keeps formula-like text as text", () => {
    expect(toCsv(["a", "b", "c"], [[null, undefined, "=1+1"]])).toBe("\uFEFFa,b,c\r\n,,'=1+1\r\n");
    expect(toCsv(["pct"], [[-3.5], [Number.NaN]])).toBe("\uFEFFpct\r\n-3.5\r\n\r\n");
  });
});

describe("toCsv byte-order mark", () => {
  it("starts every CSV with the UTF-8 BOM bytes EF BB BF, so Excel reads the Chinese labels", () => {
    const bytes = Buffer.from(toCsv(["站点"], [["廊下"]]), "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe("站点\r\n廊下\r\n");
    expect(utf8Bom).toBe("\uFEFF");
  });
});

describe("toCsv formula guard", () => {
  it("keeps signed numbers as numbers and neutralises signed text", () => {
    expect(toCsv(["a"], [["+47.0"], ["-3"], ["-cmd|x"], ["@SUM(A1)"], [true]])).toBe("\uFEFFa\r\n+47.0\r\n-3\r\n'-cmd|x\r\n'@SUM(A1)\r\ntrue\r\n");
  });
});
