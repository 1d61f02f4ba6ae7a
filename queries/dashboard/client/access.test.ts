import { describe, expect, it } from "vitest";
import { accessFor, parseScopeKey, scopeKey, scopeName, scopeQuery } from "./access.ts";
import type { Register } from "./schemas.ts";

const register: Register = {
  towns: [{ town_id: "langxia", name_zh: "廊下镇", name_en: "Langxia" }],
  operators: [
    { operator_id: "op-park", name_zh: "郊野公园公司", name_en: "Park Co" },
    { operator_id: "op-farm", name_zh: "农场", name_en: "Farm" },
  ],
  sites: [
    { site_id: "park", town_id: "langxia", operator_id: "op-park", name_zh: "廊下郊野公园", name_en: "Langxia Country Park" },
    { site_id: "farm", town_id: "langxia", operator_id: "op-farm", name_zh: "农场", name_en: "Farm" },
  ],
};

describe("accessFor", () => {
  it("offers staff everything", () => {
    const access = accessFor({ role: "staff", operator_id: null, name: "s" }, register);
    expect(access.views).toEqual(["holiday", "trend", "operator", "growth"]);
    expect(access.scopes.map(scopeKey)).toEqual(["alliance", "town:langxia", "site:park", "site:farm", "operator:op-park", "operator:op-farm"]);
    expect(access.operators).toEqual(["op-park", "op-farm"]);
    expect(access.breakdowns({ kind: "alliance" })).toEqual(["none", "site", "operator"]);
  });
  it("offers planners every scope for visitors but no operator (revenue) view", () => {
    const access = accessFor({ role: "planner", operator_id: null, name: "p" }, register);
    expect(access.views).toEqual(["holiday", "trend", "growth"]);
    expect(access.scopes.map(scopeKey)).toEqual(["alliance", "town:langxia", "site:park", "site:farm", "operator:op-park", "operator:op-farm"]);
    expect(access.operators).toEqual([]);
    expect(access.breakdowns({ kind: "alliance" })).toEqual(["none", "site", "operator"]);
  });
  it("offers an operator the alliance, itself and its own sites only", () => {
    for (const me of [
      { role: "operator:op-park", operator_id: "op-park", name: "o" },
      { role: "operator:op-park", operator_id: null, name: "o" },
    ]) {
      const access = accessFor(me, register);
      expect(access.scopes.map(scopeKey)).toEqual(["alliance", "operator:op-park", "site:park"]);
      expect(access.operators).toEqual(["op-park"]);
      expect(access.breakdowns({ kind: "alliance" })).toEqual(["none"]);
      expect(access.breakdowns({ kind: "operator", id: "op-park" })).toEqual(["none", "site"]);
    }
  });
});

describe("scopes", () => {
  it("round-trips keys, falling back to the alliance for a scope not offered", () => {
    const offered = accessFor({ role: "operator:op-park", operator_id: "op-park", name: "o" }, register).scopes;
    expect(parseScopeKey("site:park", offered)).toEqual({ kind: "site", id: "park" });
    expect(parseScopeKey("operator:op-farm", offered)).toEqual({ kind: "alliance" });
  });
  it("turns a scope into API parameters and a name", () => {
    expect(scopeQuery({ kind: "alliance" })).toEqual({});
    expect(scopeQuery({ kind: "site", id: "park" })).toEqual({ site: "park" });
    expect(scopeName({ kind: "site", id: "park" }, register, "zh", "联盟")).toBe("廊下郊野公园");
    expect(scopeName({ kind: "site", id: "park" }, register, "en", "Alliance")).toBe("Langxia Country Park");
    expect(scopeName({ kind: "alliance" }, register, "en", "Alliance")).toBe("Alliance");
  });
});
