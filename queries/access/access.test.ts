import { describe, expect, it } from "vitest";
import type { Register, Site } from "../../transforms/register/register.ts";
import { breakdowns } from "../reports/schemas.ts";
import { type ResolvedScope, resolveScope } from "../reports/scope.ts";
import { type Access, AccessDenied, authorize, capabilities, disclosureThreshold, revenueDisclosure, visibleFestivals, visibleRegister } from "./access.ts";
import { capabilitiesSchema } from "./capabilities.ts";
import { tokenBook } from "./tokens.ts";

const site = (site_id: string, operator_id: string, town_id = "t1"): Site => ({
  site_id,
  operator_id,
  town_id,
  name_zh: site_id,
  name_en: site_id,
  kind: "farm",
  gates: [],
});
const a1 = site("a1", "opA");
const a2 = site("a2", "opA", "t2");
const b1 = site("b1", "opB");
const scope = (kind: ResolvedScope["kind"], id: string | null, sites: Site[]): ResolvedScope => ({ kind, id, name_zh: "", name_en: "", sites });

const alliance = scope("alliance", null, [a1, a2, b1]);
const town = scope("town", "t1", [a1, b1]);
const opA = scope("operator", "opA", [a1, a2]);
const opB = scope("operator", "opB", [b1]);
const siteA1 = scope("site", "a1", [a1]);
const siteB1 = scope("site", "b1", [b1]);

const staff = { role: "staff", name: "s" } as const;
const planner = { role: "planner", name: "p" } as const;
const operatorA = { role: "operator", operator_id: "opA", name: "A" } as const;

const contributors = (...ids: string[]) => new Set(ids);
const shown = { shown: true };

describe("authorize", () => {
  it("lets staff and planners open every scope and breakdown", () => {
    for (const who of [staff, planner])
      for (const s of [alliance, town, opA, opB, siteA1, siteB1])
        for (const by of [undefined, "site", "operator"] as const) expect(() => authorize(who, s, by)).not.toThrow();
  });
  it("lets an operator open its own figures and alliance aggregates", () => {
    for (const [s, by] of [[opA], [opA, "site"], [siteA1], [alliance]] as const) expect(() => authorize(operatorA, s, by)).not.toThrow();
  });
  it("refuses an operator other operators, towns and breakdowns beyond its own", () => {
    for (const [s, by] of [[opB], [siteB1], [town], [alliance, "site"], [alliance, "operator"], [opA, "operator"]] as const) {
      expect(() => authorize(operatorA, s, by)).toThrow(AccessDenied);
    }
  });
  it("judges revenue per figure through the disclosure rule", () => {
    expect(authorize(planner, alliance).revenue(contributors("opA", "opB"))).toMatchObject({ shown: false });
    expect(authorize(planner, alliance).revenue(contributors("opA", "opB", "opC"))).toEqual(shown);
  });
});

describe("capabilities", () => {
  const register: Register = {
    version: "v",
    towns: ["t1", "t2"].map((town_id) => ({ town_id, name_zh: "", name_en: "", district: "" })),
    operators: ["opA", "opB"].map((operator_id) => ({ operator_id, name_zh: "", name_en: "", kind: "farm" })),
    sites: [a1, a2, b1],
  };
  const operatorB = { role: "operator", operator_id: "opB", name: "B" } as const;
  const roles: Access[] = [staff, planner, operatorA, operatorB];
  const every = [
    { kind: "alliance" as const },
    ...["t1", "t2"].map((id) => ({ kind: "town" as const, id })),
    ...["opA", "opB"].map((id) => ({ kind: "operator" as const, id })),
    ...["a1", "a2", "b1"].map((id) => ({ kind: "site" as const, id })),
  ];
  const key = (s: { kind: string; id?: string }) => (s.kind === "alliance" ? "alliance" : `${s.kind}:${s.id}`);

  it("offers a scope and breakdown exactly when authorize lets the role open it", () => {
    for (const who of roles) {
      const offered = new Map(capabilities(who, register).scopes.map((s) => [key(s), s.breakdowns]));
      for (const param of every) {
        const scope = resolveScope(register, param, register);
        for (const by of [undefined, ...breakdowns]) {
          const allowed = !(() => {
            try {
              authorize(who, scope, by);
              return false;
            } catch (err) {
              if (err instanceof AccessDenied) return true;
              throw err;
            }
          })();
          const isOffered = offered.has(key(param)) && (by === undefined || offered.get(key(param))!.includes(by));
          expect(isOffered, `${who.name} ${key(param)} by ${by}`).toBe(allowed);
        }
      }
    }
  });
  it("lists scopes broad to narrow and answers in the published shape", () => {
    expect(capabilities(staff, register).scopes.map(key)).toEqual([
      "alliance",
      "town:t1",
      "town:t2",
      "operator:opA",
      "operator:opB",
      "site:a1",
      "site:a2",
      "site:b1",
    ]);
    expect(capabilities(operatorA, register).scopes).toEqual([
      { kind: "alliance", breakdowns: [] },
      { kind: "operator", id: "opA", breakdowns: ["site"] },
      { kind: "site", id: "a1", breakdowns: ["site"] },
      { kind: "site", id: "a2", breakdowns: ["site"] },
    ]);
    for (const who of roles) expect(capabilitiesSchema.safeParse(capabilities(who, register)).success).toBe(true);
  });
  it("offers the operator (revenue) view only to roles that see some operator's own revenue", () => {
    expect(capabilities(staff, register)).toMatchObject({
      views: ["holiday", "festival", "trend", "operator", "growth", "live"],
      revenue: { rule: "every_figure", operators: ["opA", "opB"] },
    });
    expect(capabilities(planner, register)).toMatchObject({
      views: ["holiday", "festival", "trend", "growth", "live"],
      revenue: { rule: "threshold", operators: [] },
    });
    expect(capabilities(operatorA, register)).toMatchObject({
      views: ["holiday", "festival", "trend", "operator", "growth", "live"],
      revenue: { rule: "threshold_of_others", operators: ["opA"] },
    });
  });
  it("says in words which revenue each role sees", () => {
    expect(capabilities(planner, register).revenue.words).toBe("revenue of figures to which at least 3 operators contributed (threshold rule)");
    expect(capabilities(operatorA, register).revenue.words).toBe(
      "its own revenue, and revenue of figures to which at least 3 other operators contributed (threshold rule)",
    );
  });
});

describe("revenueDisclosure", () => {
  it("is three operators, the usual minimum of official statistics", () => expect(disclosureThreshold).toBe(3));
  it("shows staff every figure, even a single operator's", () => {
    for (const c of [contributors(), contributors("opB"), contributors("opA", "opB")]) expect(revenueDisclosure(staff, c)).toEqual(shown);
  });
  it("shows a planner only figures with at least three contributing operators", () => {
    for (const c of [contributors(), contributors("opA"), contributors("opA", "opB")]) {
      expect(revenueDisclosure(planner, c)).toEqual({ shown: false, reason: "fewer than 3 operators contributed to this figure (threshold rule)" });
    }
    expect(revenueDisclosure(planner, contributors("opA", "opB", "opC"))).toEqual(shown);
  });
  it("shows an operator its own revenue, and others' only with at least three other operators", () => {
    expect(revenueDisclosure(operatorA, contributors())).toEqual(shown);
    expect(revenueDisclosure(operatorA, contributors("opA"))).toEqual(shown);
    for (const c of [contributors("opB"), contributors("opA", "opB", "opC"), contributors("opB", "opC")]) {
      expect(revenueDisclosure(operatorA, c)).toEqual({ shown: false, reason: "fewer than 3 other operators contributed to this figure (threshold rule)" });
    }
    expect(revenueDisclosure(operatorA, contributors("opB", "opC", "opD"))).toEqual(shown);
    expect(revenueDisclosure(operatorA, contributors("opA", "opB", "opC", "opD"))).toEqual(shown);
  });
});

describe("readsContributors", () => {
  it("is false only for staff, whose every figure is shown whoever contributed", () => {
    expect(authorize(staff, alliance).readsContributors).toBe(false);
    expect(authorize(planner, alliance).readsContributors).toBe(true);
    expect(authorize(operatorA, alliance).readsContributors).toBe(true);
  });
});

describe("visible register and festivals", () => {
  const register = {
    version: "v",
    towns: [{ town_id: "t1", name_zh: "", name_en: "", district: "" }],
    operators: ["opA", "opB"].map((operator_id) => ({ operator_id, name_zh: "", name_en: "", kind: "farm" })),
    sites: [a1, a2, b1],
  };
  const festivals = [{ festival_id: "f", name_zh: "节", name_en: "Fair", site_ids: ["a1", "b1"], editions: [] }];
  it("shows an operator only itself and its own sites, and everyone else everything", () => {
    expect(visibleRegister(register, operatorA).operators.map((o) => o.operator_id)).toEqual(["opA"]);
    expect(visibleRegister(register, operatorA).sites.map((s) => s.site_id)).toEqual(["a1", "a2"]);
    expect(visibleRegister(register, planner).sites).toHaveLength(3);
  });
  it("shows an operator each festival with its own sites only", () => {
    expect(visibleFestivals(festivals, register, operatorA)).toEqual([{ ...festivals[0], site_ids: ["a1"] }]);
    expect(visibleFestivals(festivals, register, staff)).toEqual(festivals);
  });
  const device = { role: "device", site_id: "a1", name: "a1 gate" } as const;
  it("opens no scope, sees no register, no revenue and no view", () => {
    for (const s of [alliance, town, opA, siteA1]) expect(() => authorize(device, s)).toThrow(/^device:a1 sends gate counts and reads no reports$/);
    expect(visibleRegister(register, device)).toEqual({ towns: [], operators: [], sites: [] });
    expect(visibleFestivals(festivals, register, device)).toEqual([{ ...festivals[0], site_ids: [] }]);
    expect(revenueDisclosure(device, contributors("opA")).shown).toBe(false);
    expect(capabilities(device, register)).toMatchObject({ views: [], scopes: [], revenue: { operators: [] } });
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
    const book = tokenBook(file, { operators: new Set(["opA"]), sites: new Set(["a1"]) });
    expect(book.lookup("staff-token-0123456789")).toEqual({ role: "staff", name: "Alliance office" });
    expect(book.lookup("operator-token-0123456789")).toEqual({ role: "operator", operator_id: "opA", name: "Farm A" });
    expect(book.lookup("nope")).toBeUndefined();
  });
  it("rejects unknown operators and bad roles, naming the entry", () => {
    expect(() => tokenBook(file, { operators: new Set(), sites: new Set() })).toThrow(/tokens\.1\.role: unknown operator "opA"/);
    expect(() => tokenBook({ tokens: [{ token: "x".repeat(16), role: "admin", name: "n" }] }, { operators: new Set(), sites: new Set() })).toThrow(
      /tokens\.0\.role/,
    );
  });
  it("maps device:<site_id> to a gate counter of a site the register knows", () => {
    const devices = { tokens: [{ token: "device-token-0123456789", role: "device:a1", name: "a1 north gate" }] };
    expect(tokenBook(devices, { operators: new Set(), sites: new Set(["a1"]) }).lookup("device-token-0123456789")).toEqual({
      role: "device",
      site_id: "a1",
      name: "a1 north gate",
    });
    expect(() => tokenBook(devices, { operators: new Set(["a1"]), sites: new Set() })).toThrow(/tokens\.0\.role: unknown site "a1"/);
    expect(() => tokenBook({ tokens: [{ token: "x".repeat(16), role: "device:", name: "n" }] }, { operators: new Set(), sites: new Set() })).toThrow(
      /tokens\.0\.role: expected "staff", "planner", "operator:<operator_id>" or "device:<site_id>"/,
    );
  });
  it("rejects a repeated token, naming both entries and never the token", () => {
    const repeated = { tokens: [...file.tokens, { token: "staff-token-0123456789", role: "planner", name: "Copy" }] };
    expect(() => tokenBook(repeated, { operators: new Set(["opA"]), sites: new Set(["a1"]) })).toThrow(
      /^tokens file: tokens\.2\.token: the same token as tokens\.0; each token must be unique$/,
    );
    expect(() => tokenBook(repeated, { operators: new Set(["opA"]), sites: new Set(["a1"]) })).not.toThrow(/staff-token/);
  });
});
