import { describe, expect, it } from "vitest";
import { type Role, publicationRule, withheldReasons } from "../access/disclosure.ts";
import { revenueNote } from "./labels.ts";

describe("the note on withheld revenue", () => {
  it("words every reason the disclosure rule gives in Chinese for a Chinese reader, and keeps the answer's English for an English one", () => {
    for (const reason of Object.values(withheldReasons)) {
      const [note] = revenueNote([reason, reason, null]);
      expect(note!.zh).not.toMatch(/[A-Za-z]{3,}/);
      expect(note!.en).toBe(`Revenue withheld: ${reason}.`);
    }
  });

  it("covers what the rule answers to a planner and to an operator", () => {
    const sites = [
      { site_id: "a", town_id: "t1" },
      { site_id: "b", town_id: "t1" },
    ];
    const figures = [
      { sites: ["a"], partial: false, unsafeCells: 0, otherCells: 1 },
      { sites: ["a", "b"], partial: true, unsafeCells: 0, otherCells: 1 },
      { sites: ["a", "b"], partial: false, unsafeCells: 1, otherCells: 1 },
    ];
    const roles: Role[] = [{ role: "planner" }, { role: "operator", operator_id: "op" }];
    const reasons = roles.flatMap((who) => figures.map((figure) => publicationRule(who, sites).revenue(figure))).map((d) => (d.shown ? null : d.reason));
    expect(new Set(reasons)).toEqual(new Set(Object.values(withheldReasons)));
    for (const reason of reasons) expect(revenueNote([reason])[0]!.zh).not.toMatch(/[A-Za-z]{3,}/);
  });
});
