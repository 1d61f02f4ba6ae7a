import { describe, expect, it } from "vitest";
import type { Register, Site } from "../../transforms/register/register.ts";
import { breakdowns } from "./scope.ts";
import { type ResolvedScope, resolveScope } from "./scope.ts";
import { type Access, AccessDenied, authorize, capabilities, disclosureThreshold, visibleFestivals, visibleRegister } from "./access.ts";
import type { FigureCells } from "./disclosure.ts";
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

const registerSites = { sites: [a1, a2, b1] };
/** A figure over whole days of `sites` with these cell counts. */
const figure = (sites: Site[] | null, over: Partial<FigureCells> = {}): FigureCells => ({
  sites: sites?.map((s) => s.site_id) ?? null,
  partial: false,
  unsafeCells: 0,
  otherCells: 0,
  ...over,
});
const shown = { shown: true };

describe("authorize", () => {
  it("lets staff and planners open every scope and breakdown", () => {
    for (const who of [staff, planner])
      for (const s of [alliance, town, opA, opB, siteA1, siteB1])
        for (const by of [undefined, "site", "operator"] as const) expect(() => authorize(who, registerSites, s, by)).not.toThrow();
  });
  it("lets an operator open its own figures and alliance aggregates", () => {
    for (const [s, by] of [[opA], [opA, "site"], [siteA1], [alliance]] as const) expect(() => authorize(operatorA, registerSites, s, by)).not.toThrow();
  });
  it("refuses an operator other operators, towns and breakdowns beyond its own", () => {
    for (const [s, by] of [[opB], [siteB1], [town], [alliance, "site"], [alliance, "operator"], [opA, "operator"]] as const) {
      expect(() => authorize(operatorA, registerSites, s, by)).toThrow(AccessDenied);
    }
  });
  it("judges revenue per figure through the disclosure rule", () => {
    expect(authorize(planner, registerSites, alliance).revenue(figure([a1, a2, b1], { unsafeCells: 1, otherCells: 1 }))).toMatchObject({ shown: false });
    expect(authorize(planner, registerSites, alliance).revenue(figure([a1, a2, b1], { otherCells: 2 }))).toEqual(shown);
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
        const scope = resolveScope(register, param, register, "联盟");
        for (const by of [undefined, ...breakdowns]) {
          const allowed = !(() => {
            try {
              authorize(who, register, scope, by);
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
    expect(capabilities(planner, register).revenue.words).toBe(
      "revenue of towns and the alliance over whole past days on each of which, in each town, no operator or at least 3 operators sold (threshold rule, per town and day)",
    );
    expect(capabilities(operatorA, register).revenue.words).toBe(
      "its own revenue, and the alliance's over whole past days on each of which no other operator or at least 3 other operators sold (threshold rule, per day)",
    );
  });
});

describe("the disclosure rule through authorize", () => {
  const judge = (who: Access, scope: ResolvedScope, cells: FigureCells) => authorize(who, registerSites, scope).revenue(cells);
  it("is three operators, the usual minimum of official statistics", () => expect(disclosureThreshold).toBe(3));
  it("shows staff every figure, even a single operator's or a part of a day", () => {
    for (const cells of [figure([a1], { unsafeCells: 1, otherCells: 1 }), figure(null, { partial: true, otherCells: 2 })]) {
      expect(judge(staff, siteA1, cells)).toEqual(shown);
    }
  });
  it("shows a planner whole towns over whole days whose every town-day had none or at least three sellers", () => {
    expect(judge(planner, town, figure([a1, b1], { otherCells: 4 }))).toEqual(shown);
    expect(judge(planner, town, figure([a1, b1]))).toEqual(shown); // no sales at all: revenue 0 of every operator
    expect(judge(planner, alliance, figure([a1, a2, b1], { otherCells: 5, unsafeCells: 1 }))).toEqual({
      shown: false,
      reason: "on some day of this figure fewer than 3 operators sold in a town (threshold rule, per town and day)",
    });
    expect(judge(planner, town, figure([a1, b1], { otherCells: 4, partial: true }))).toMatchObject({
      shown: false,
      reason: expect.stringMatching(/whole days/),
    });
  });
  it("never shows a planner part of a town: a site, an operator, a festival's sites", () => {
    for (const cells of [figure([a1], { otherCells: 3 }), figure([a1, a2], { otherCells: 3 }), figure(null, { otherCells: 3 }), figure([a1])]) {
      expect(judge(planner, siteA1, cells)).toMatchObject({ shown: false, reason: expect.stringMatching(/whole towns and the alliance only/) });
    }
  });
  it("shows an operator its own revenue, at any hour, and the whole alliance on days of none or at least three other sellers", () => {
    expect(judge(operatorA, opA, figure([a1, a2], { partial: true }))).toEqual(shown);
    expect(judge(operatorA, alliance, figure([a1, a2, b1], { otherCells: 3 }))).toEqual(shown);
    expect(judge(operatorA, alliance, figure([a1, a2, b1], { otherCells: 3, unsafeCells: 1 }))).toEqual({
      shown: false,
      reason: "on some day of this figure fewer than 3 other operators sold (threshold rule, per day)",
    });
    expect(judge(operatorA, alliance, figure([a1, a2, b1], { otherCells: 3, partial: true }))).toMatchObject({ shown: false });
    // A festival's sites within the alliance where another operator sold: neither its own nor the alliance.
    expect(judge(operatorA, alliance, figure([a1, b1], { otherCells: 3 }))).toMatchObject({ shown: false, reason: expect.stringMatching(/neither your own/) });
  });
  it("asks the engine for cells from every role but staff: towns for a planner (for whole towns only), the alliance leaving itself out for an operator", () => {
    expect(authorize(staff, registerSites, alliance).cells).toBeNull();
    expect(authorize(planner, registerSites, alliance).cells).toEqual({
      sites: ["a1", "a2", "b1"],
      areas: ["t1", "t2", "t1"],
      self: "",
      threshold: 3,
      wholeAreasOnly: true,
    });
    expect(authorize(operatorA, registerSites, alliance).cells).toEqual({
      sites: ["a1", "a2", "b1"],
      areas: ["", "", ""],
      self: "opA",
      threshold: 3,
      wholeAreasOnly: false,
    });
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
    for (const s of [alliance, town, opA, siteA1]) expect(() => authorize(device, register, s)).toThrow(/^device:a1 sends gate counts and reads no reports$/);
    expect(visibleRegister(register, device)).toEqual({ towns: [], operators: [], sites: [] });
    expect(visibleFestivals(festivals, register, device)).toEqual([{ ...festivals[0], site_ids: [] }]);
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
