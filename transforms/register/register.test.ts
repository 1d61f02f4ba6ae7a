import { describe, expect, it } from "vitest";
import { DataFileError, parseDataFile } from "../data-file.ts";
import { capacityOn, loadRegister, type Register, registerLookup, registerSchema } from "./register.ts";
import sample from "./register.json" with { type: "json" };

const parse = (json: unknown) => parseDataFile(json, registerSchema, "register file r.json");

const small: Register = {
  version: "t1",
  towns: [{ town_id: "langxia", name_zh: "廊下镇", name_en: "Langxia Town", district: "Jinshan District, Shanghai" }],
  operators: [{ operator_id: "op-a", name_zh: "甲", name_en: "A", kind: "farm" }],
  sites: [{ site_id: "site-a", town_id: "langxia", operator_id: "op-a", name_zh: "甲农场", name_en: "A Farm", kind: "farm", gates: ["main-gate"] }],
};

describe("the sample register", () => {
  const register = parse(sample);

  it("has the three alliance towns, 32 operators and langxia-country-park", () => {
    expect(register.towns.map((t) => t.town_id)).toEqual(["langxia", "dayun", "guangchen"]);
    expect(register.operators).toHaveLength(32);
    expect(register.sites.find((s) => s.site_id === "langxia-country-park")).toMatchObject({ town_id: "langxia", name_zh: "廊下郊野公园" });
  });

  it("has every operator run at least one site, each site 1–4 gates", () => {
    const running = new Set(register.sites.map((s) => s.operator_id));
    expect(register.operators.filter((o) => !running.has(o.operator_id))).toEqual([]);
    expect(register.sites.filter((s) => s.gates.length < 1 || s.gates.length > 4)).toEqual([]);
    expect(register.sites.length).toBeGreaterThanOrEqual(36);
  });

  it("gives every site opening hours and a capacity on the scale of its kind", () => {
    expect(register.sites.filter((s) => !s.opening || !s.capacity)).toEqual([]);
    expect(capacityOn(register.sites.find((s) => s.site_id === "langxia-country-park")!, "2025-10-03")).toEqual({
      from: "2023-03-01",
      instant: 2650,
      daily: 10000,
    });
    const homestays = register.sites.filter((s) => s.kind === "homestay").map((s) => capacityOn(s, "2025-10-03")!.daily);
    expect(Math.max(...homestays)).toBeLessThan(1000);
  });
});

describe("registerSchema", () => {
  it("accepts a minimal register", () => {
    expect(parse(small)).toEqual(small);
  });

  it("accepts a site's own reporting interval", () => {
    const counted = { ...small, sites: [{ ...small.sites[0]!, reporting_interval_minutes: 5 }] };
    expect(parse(counted).sites[0]!.reporting_interval_minutes).toBe(5);
  });

  it.each([
    ["an unknown town", { ...small, sites: [{ ...small.sites[0]!, town_id: "nowhere" }] }, 'sites[0].town_id: unknown town "nowhere"'],
    ["an unknown operator", { ...small, sites: [{ ...small.sites[0]!, operator_id: "op-b" }] }, 'sites[0].operator_id: unknown operator "op-b"'],
    ["a duplicate site", { ...small, sites: [small.sites[0]!, small.sites[0]!] }, 'sites[1].site_id: duplicate id "site-a"'],
    ["a duplicate operator", { ...small, operators: [small.operators[0]!, small.operators[0]!] }, 'operators[1].operator_id: duplicate id "op-a"'],
    ["a site without gates", { ...small, sites: [{ ...small.sites[0]!, gates: [] }] }, "sites[0].gates:"],
    ["no version", { ...small, version: undefined }, "version:"],
    [
      "instant above daily capacity",
      { ...small, sites: [{ ...small.sites[0]!, capacity: [{ from: "2024-01-01", instant: 500, daily: 400 }] }] },
      "sites[0].capacity[0].instant: instant capacity must not exceed daily capacity",
    ],
    [
      "capacity dates out of order",
      {
        ...small,
        sites: [
          {
            ...small.sites[0]!,
            capacity: [
              { from: "2024-01-01", instant: 50, daily: 100 },
              { from: "2023-01-01", instant: 50, daily: 100 },
            ],
          },
        ],
      },
      "sites[0].capacity[1].from: capacity entries must be in increasing date order",
    ],
    [
      "a reporting interval of zero minutes",
      { ...small, sites: [{ ...small.sites[0]!, reporting_interval_minutes: 0 }] },
      "sites[0].reporting_interval_minutes:",
    ],
    [
      "a capacity of zero",
      { ...small, sites: [{ ...small.sites[0]!, capacity: [{ from: "2024-01-01", instant: 0, daily: 100 }] }] },
      "sites[0].capacity[0].instant:",
    ],
    [
      "an opening time 24:00",
      { ...small, sites: [{ ...small.sites[0]!, opening: { from: "08:00", to: "24:00" } }] },
      "sites[0].opening.to: expected a local time HH:MM",
    ],
    ["an id with a space", { ...small, towns: [{ ...small.towns[0]!, town_id: "lang xia" }] }, "towns[0].town_id:"],
  ])("rejects %s, naming the file and the field", (_, json, message) => {
    expect(() => parse(json)).toThrow(DataFileError);
    expect(() => parse(json)).toThrow(`register file r.json: ${message}`);
  });
});

describe("registerLookup", () => {
  it("answers the operator of a site and whether an operator exists", () => {
    const lookup = registerLookup(small);
    expect(lookup.siteOperator("site-a")).toBe("op-a");
    expect(lookup.siteOperator("site-b")).toBeUndefined();
    expect(lookup.hasOperator("op-a")).toBe(true);
    expect(lookup.hasOperator("op-b")).toBe(false);
  });

  it("answers whether a site has a gate", () => {
    const lookup = registerLookup(small);
    expect(lookup.siteHasGate("site-a", "main-gate")).toBe(true);
    expect(lookup.siteHasGate("site-a", "north-gate")).toBe(false);
    expect(lookup.siteHasGate("site-b", "main-gate")).toBe(false);
  });
});

describe("capacityOn", () => {
  const site = {
    capacity: [
      { from: "2020-01-01", instant: 100, daily: 400 },
      { from: "2024-05-01", instant: 150, daily: 600 },
    ],
  };
  it("takes the latest entry in force on the day, none before the first", () => {
    expect(capacityOn(site, "2019-12-31")).toBeUndefined();
    expect(capacityOn(site, "2024-04-30")?.instant).toBe(100);
    expect(capacityOn(site, "2024-05-01")?.instant).toBe(150);
    expect(capacityOn({}, "2024-05-01")).toBeUndefined();
  });
});

describe("loadRegister", () => {
  it("names a missing file", async () => {
    await expect(loadRegister("/nonexistent/register.json")).rejects.toThrow(/^register file \/nonexistent\/register.json: cannot read/);
  });
});
