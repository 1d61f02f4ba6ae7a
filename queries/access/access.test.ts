import { describe, expect, it } from "vitest";
import type { Site } from "../../transforms/register/register.ts";
import type { ResolvedScope } from "../reports/scope.ts";
import { AccessDenied, authorize } from "./access.ts";
import { tokenBook } from "./tokens.ts";

const site = (site_id: string, operator_id: string, town_id = "t1"): Site => ({ site_id, operator_id, town_id, name_zh: site_id, name_en: site_id, kind: "farm", gates: [] });
const a1 = site("a1", "opA");
const a2 = site("a2", "opA", "t2");
const b1 = site("b1", "opB");
const scope = (kind: ResolvedScope["kind"], id: string | null, sites: Site[], narrowed = false): ResolvedScope => ({ kind, id, name_zh: "", name_en: "", sites, narrowed });

const alliance = scope("alliance", null, [a1, a2, b1]);
const town = scope("town", "t1", [a1, b1]);
const opA = scope("operator", "opA", [a1, a2]);
const opB = scope("operator", "opB", [b1]);
const siteA1 = scope("site", "a1", [a1]);
const siteB1 = scope("site", "b1", [b1]);

const staff = { role: "staff", name: "s" } as const;
const planner = { role: "planner", name: "p" } as const;
const operatorA = { role: "operator", operator_id: "opA", name: "A" } as const;

describe("authorize", () => {
  it("gives staff everything", () => {
    for (const s of [alliance, town, opA, opB, siteA1, siteB1]) for (const by of [undefined, "site", "operator"] as const) expect(authorize(staff, s, by)).toEqual({ revenue: true });
  });
  it("gives planners visitors everywhere and revenue only at site, town and alliance level", () => {
    expect(authorize(planner, alliance)).toEqual({ revenue: true });
    expect(authorize(planner, town, "site")).toEqual({ revenue: true });
    expect(authorize(planner, siteB1)).toEqual({ revenue: true });
    expect(authorize(planner, opA)).toEqual({ revenue: false });
    expect(authorize(planner, alliance, "operator")).toEqual({ revenue: false });
  });
  it("gives an operator its own figures and alliance aggregates", () => {
    expect(authorize(operatorA, opA)).toEqual({ revenue: true });
    expect(authorize(operatorA, opA, "site")).toEqual({ revenue: true });
    expect(authorize(operatorA, siteA1)).toEqual({ revenue: true });
    expect(authorize(operatorA, alliance)).toEqual({ revenue: true });
  });
  it("refuses an operator other operators, towns and breakdowns beyond its own", () => {
    for (const [s, by] of [[opB], [siteB1], [town], [alliance, "site"], [alliance, "operator"], [opA, "operator"]] as const) {
      expect(() => authorize(operatorA, s, by)).toThrow(AccessDenied);
    }
  });
  it("withholds revenue of a festival's sites from an operator unless they are all its own", () => {
    expect(authorize(operatorA, scope("alliance", null, [a1, b1], true))).toEqual({ revenue: false });
    expect(authorize(operatorA, scope("alliance", null, [a1], true))).toEqual({ revenue: true });
  });
});

describe("tokenBook", () => {
  const file = {
    tokens: [
      { token: "staff-token-0123456789", role: "staff", name: "Alliance office" },
      { token: "operator-token-0123456789", role: "operator:opA", name: "Farm A" },
    ],
  };
  it("maps tokens to roles", () => {
    const book = tokenBook(file, new Set(["opA"]));
    expect(book.lookup("staff-token-0123456789")).toEqual({ role: "staff", name: "Alliance office" });
    expect(book.lookup("operator-token-0123456789")).toEqual({ role: "operator", operator_id: "opA", name: "Farm A" });
    expect(book.lookup("nope")).toBeUndefined();
  });
  it("rejects unknown operators and bad roles, naming the entry", () => {
    expect(() => tokenBook(file, new Set())).toThrow(/tokens\.1\.role: unknown operator "opA"/);
    expect(() => tokenBook({ tokens: [{ token: "x".repeat(16), role: "admin", name: "n" }] }, new Set())).toThrow(/tokens\.0\.role/);
  });
});
