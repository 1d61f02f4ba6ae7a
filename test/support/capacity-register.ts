import type { Register } from "../../transforms/register/register.ts";

/**
 * A small register with capacities for live and alert tests: a park (two gates, instant 20, daily
 * 100) and a farm (one gate, instant 10, daily 40), both open 08:00–18:00 and run by one operator.
 */
export function capacityRegister(version: string): Register {
  return {
    version,
    towns: [{ town_id: "t", name_zh: "镇", name_en: "Town", district: "d" }],
    operators: [{ operator_id: "op", name_zh: "主体", name_en: "Operator", kind: "farm" }],
    sites: [
      {
        site_id: "park",
        town_id: "t",
        operator_id: "op",
        name_zh: "公园",
        name_en: "Park",
        kind: "park",
        gates: ["g1", "g2"],
        opening: { from: "08:00", to: "18:00" },
        capacity: [{ from: "2020-01-01", instant: 20, daily: 100 }],
      },
      {
        site_id: "farm",
        town_id: "t",
        operator_id: "op",
        name_zh: "农场",
        name_en: "Farm",
        kind: "farm",
        gates: ["g"],
        opening: { from: "08:00", to: "18:00" },
        capacity: [{ from: "2020-01-01", instant: 10, daily: 40 }],
      },
    ],
  };
}
