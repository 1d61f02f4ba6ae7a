import { describe, expect, it } from "vitest";
import type { Capabilities } from "../../access/capabilities.ts";
import { accessOf, parseScopeKey, scopeName, scopeQuery } from "./access.ts";
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

const operatorCapabilities: Capabilities = {
  views: ["holiday", "trend", "operator", "growth"],
  scopes: [
    { kind: "alliance", breakdowns: [] },
    { kind: "operator", id: "op-park", breakdowns: ["site"] },
    { kind: "site", id: "park", breakdowns: ["site"] },
  ],
  revenue: { rule: "threshold_of_others", words: "its own revenue, and …", operators: ["op-park"] },
};

describe("accessOf", () => {
  it("offers what /api/me's capabilities say, with 'none' as every scope's first breakdown", () => {
    const access = accessOf(operatorCapabilities);
    expect(access.views).toEqual(["holiday", "trend", "operator", "growth"]);
    expect(access.scopes).toEqual([{ kind: "alliance" }, { kind: "operator", id: "op-park" }, { kind: "site", id: "park" }]);
    expect(access.operators).toEqual(["op-park"]);
    expect(access.breakdowns({ kind: "alliance" })).toEqual(["none"]);
    expect(access.breakdowns({ kind: "operator", id: "op-park" })).toEqual(["none", "site"]);
  });
  it("offers no breakdown of a scope not offered", () => {
    expect(accessOf(operatorCapabilities).breakdowns({ kind: "operator", id: "op-farm" })).toEqual(["none"]);
  });
});

describe("scopes", () => {
  it("round-trips keys, falling back to the alliance for a scope not offered", () => {
    const offered = accessOf(operatorCapabilities).scopes;
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
