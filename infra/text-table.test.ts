import { describe, expect, it } from "vitest";
import { displayWidth, renderTable } from "./text-table.ts";

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
