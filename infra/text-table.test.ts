import { describe, expect, it } from "vitest";
import { displayWidth, renderTable, wrapText } from "./text-table.ts";

describe("displayWidth", () => {
  it("counts Chinese characters as two columns", () => {
    expect(displayWidth("Langxia")).toBe(7);
    expect(displayWidth("廊下镇")).toBe(6);
    expect(displayWidth("廊下 Park")).toBe(9);
    expect(displayWidth("，。")).toBe(4); // full-width punctuation
    expect(displayWidth("𠀋")).toBe(2); // CJK outside the basic plane
  });
});

describe("renderTable", () => {
  it("aligns columns by display width", () => {
    const text = renderTable({
      headers: [["id", "名称", "n"]],
      rows: [
        ["langxia", "廊下镇", "1"],
        ["dayun", "大云镇", "22"],
      ],
    });
    expect(text).toBe(["id       名称    n", "-------  ------  --", "langxia  廊下镇  1", "dayun    大云镇  22", ""].join("\n"));
  });
  it("stacks header lines and right-aligns the columns asked for", () => {
    const text = renderTable({
      headers: [
        ["名称", "游客"],
        ["name", "visitors"],
      ],
      rows: [["廊下", "9700"]],
      rightAligned: [false, true],
    });
    expect(text).toBe(["名称      游客", "name  visitors", "----  --------", "廊下      9700", ""].join("\n"));
  });
});

describe("wrapText", () => {
  it("breaks at spaces, around Chinese characters and after hyphens between letters, never inside a date or a number", () => {
    expect(wrapText("revenue vs baseline %", 10)).toEqual(["revenue vs", "baseline %"]);
    expect(wrapText("营业额较基准%", 6)).toEqual(["营业额", "较基准", "%"]);
    expect(wrapText("langxia-country-park", 12)).toEqual(["langxia-", "country-park"]);
    expect(wrapText("2023-03-28..2023-04-03 -19.7", 12)).toEqual(["2023-03-28..", "2023-04-03", "-19.7"]);
  });
  it("cuts a piece longer than the line, as a last resort", () => {
    expect(wrapText("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
  });
});

describe("renderTable within a width", () => {
  const widest = (text: string) => Math.max(...text.split("\n").map(displayWidth));
  const sites = {
    headers: [
      ["编号", "名称", "游客"],
      ["id", "name", "visitors"],
    ],
    rows: [
      ["langxia-country-park", "廊下郊野公园", "9700"],
      ["dayun", "大云镇", "22"],
    ],
    rightAligned: [false, false, true],
    machine: [true, false, false],
  };

  it("keeps every column when the table fits", () => {
    expect(renderTable({ ...sites, width: 48 })).toBe(renderTable(sites));
    expect(widest(renderTable(sites))).toBe(44); // 20 + 2 + 12 + 2 + 8
  });

  it("leaves out machine columns first when too wide", () => {
    expect(renderTable({ ...sites, width: 30 })).toBe(
      ["名称              游客", "name          visitors", "------------  --------", "廊下郊野公园      9700", "大云镇              22", ""].join("\n"),
    );
  });

  it("then wraps text within its column, Chinese counted two columns wide, and never a figure", () => {
    const text = renderTable({ ...sites, rows: [["x", "廊下郊野公园 Langxia Country Park", "123456789"]], width: 22 });
    expect(text).toBe(
      // 22 columns: the figure keeps its 9, the name takes the other 11 (a Chinese character is 2 wide).
      ["名称              游客", "name          visitors", "-----------  ---------", "廊下郊野公   123456789", "园 Langxia", "Country", "Park", ""].join("\n"),
    );
    expect(widest(text)).toBeLessThanOrEqual(22);
  });

  it("never breaks a cell of an unbroken column (a time), wrapping the text beside it instead", () => {
    const layout = { headers: [["time", "note"]], rows: [["2026-12-05 11:44:59 +08:00", "a note that wraps"]], width: 36 };
    expect(renderTable(layout)).not.toContain("2026-12-05 11:44:59 +08:00");
    const text = renderTable({ ...layout, unbroken: [true, false] });
    expect(text).toContain("2026-12-05 11:44:59 +08:00");
    expect(widest(text)).toBeLessThanOrEqual(36);
  });

  it("never narrows a name below four Chinese characters a line: a table that would need it prints in parts", () => {
    const figures = Array.from({ length: 9 }, (_, i) => `指标${i}`);
    const text = renderTable({
      headers: [["景点", ...figures]],
      rows: [["广陈农耕文化园", ...figures.map(() => "12,345")]],
      rightAligned: [false, ...figures.map(() => true)],
      // Nine figures of 6 and their gaps take 72: 4 columns are left, room for two characters of the name.
      width: 76,
    });
    expect(widest(text)).toBeLessThanOrEqual(76);
    // The old fit squeezed the name to one character a line; now every line that holds it holds at least four.
    for (const line of text.split("\n").filter((l) => /^[广陈农耕文化园]/.test(l))) expect(line).toMatch(/^[广陈农耕文化园]{4}/);
    expect(text.split("\n\n").length).toBeGreaterThan(1);
  });

  it("prints a table too wide even when wrapped in parts, each repeating the columns that name a row", () => {
    const figures = Array.from({ length: 8 }, (_, i) => `figure ${i}`);
    const text = renderTable({
      headers: [["year", "scope", ...figures]],
      rows: [["2024", "alliance", ...figures.map((_, i) => String(1_000_000 * (i + 1)))]],
      rightAligned: [false, false, ...figures.map(() => true)],
      keys: [true, true],
      width: 60,
    });
    expect(widest(text)).toBeLessThanOrEqual(60);
    const parts = text.split("\n\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part).toMatch(/^year\s+scope\s+figure/);
    for (const figure of figures) expect(text.match(new RegExp(`${figure}\\b`, "g"))).toHaveLength(1);
    expect(text).toContain(String(8_000_000));
  });
});
