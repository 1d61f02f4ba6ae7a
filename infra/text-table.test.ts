import { describe, expect, it } from "vitest";
import { displayWidth, renderTable } from "./text-table.ts";

describe("displayWidth", () => {
  it("counts Chinese characters as two columns", () => {
    expect(displayWidth("Langxia")).toBe(7);
    expect(displayWidth("廊下镇")).toBe(6);
    expect(displayWidth("廊下 Park")).toBe(9);
  });
});

describe("renderTable", () => {
  it("aligns columns by display width", () => {
    const text = renderTable(["id", "名称", "n"], [["langxia", "廊下镇", "1"], ["dayun", "大云镇", "22"]]);
    expect(text).toBe(["id       名称    n", "-------  ------  --", "langxia  廊下镇  1", "dayun    大云镇  22", ""].join("\n"));
  });
});
