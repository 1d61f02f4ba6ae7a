import { expect, it } from "vitest";
import type { Register } from "./register.ts";
import { formatRegisterListing } from "./sites-listing.ts";

const register: Register = {
  version: "t1",
  towns: [{ town_id: "dayun", name_zh: "大云镇", name_en: "Dayun Town", district: "Jiashan" }],
  operators: [{ operator_id: "gfs", name_zh: "歌斐颂", name_en: "Gefeisong", kind: "park" }],
  sites: [{ site_id: "gfs-town", town_id: "dayun", operator_id: "gfs", name_zh: "巧克力小镇", name_en: "Chocolate Town", kind: "park", gates: ["a", "b"] }],
};

it("lists towns, sites with their town and operator, and operators with their site count", () => {
  expect(formatRegisterListing(register)).toBe(
    [
      "Alliance register t1",
      "",
      "Towns (1)",
      "town   名称    name        district",
      "-----  ------  ----------  --------",
      "dayun  大云镇  Dayun Town  Jiashan",
      "",
      "Sites (1)",
      "site      名称        name            kind  town          operator  gates",
      "--------  ----------  --------------  ----  ------------  --------  -----",
      "gfs-town  巧克力小镇  Chocolate Town  park  dayun 大云镇  gfs       a,b",
      "",
      "Operators (1)",
      "operator  名称    name       kind  sites",
      "--------  ------  ---------  ----  -----",
      "gfs       歌斐颂  Gefeisong  park  1",
      "",
    ].join("\n"),
  );
});
