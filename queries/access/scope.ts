import type { Register, Site } from "../../transforms/register/register.ts";
import { ParamError } from "./param-error.ts";

/** What a request may be about, and what it may break its figures down by. */
export const scopeKinds = ["alliance", "town", "site", "operator"] as const;
export const breakdowns = ["site", "operator"] as const;

export type ScopeKind = (typeof scopeKinds)[number];
export type Breakdown = (typeof breakdowns)[number];

/** What the caller asked for: the whole alliance, or one town, site or operator by id. */
export type ScopeParam = { kind: "alliance" } | { kind: Exclude<ScopeKind, "alliance">; id: string };

/** A scope checked against the register, with the sites it covers. */
export interface ResolvedScope {
  kind: ScopeKind;
  id: string | null;
  name_zh: string;
  name_en: string;
  sites: Site[];
}

/** The alliance's English name; its Chinese name is configured (TOURISM_ALLIANCE_NAME). */
const allianceNameEn = "Langxia–Dayun–Guangchen alliance";

function unknown(param: string, id: string, known: string[]): ParamError {
  return new ParamError(param, `expected one of ${known.join("|")}, got ${JSON.stringify(id)}`);
}

/**
 * town → its sites, operator → its sites, site → itself, alliance → every site. Ids are looked up
 * in `listed`, the register as the caller may see it: an id it may not see is as unknown as one
 * that does not exist (no answer tells them apart), and the error lists only ids it may see.
 */
export function resolveScope(
  register: Register,
  scope: ScopeParam,
  listed: Pick<Register, "towns" | "operators" | "sites">,
  allianceName: string,
): ResolvedScope {
  switch (scope.kind) {
    case "alliance":
      return { kind: "alliance", id: null, name_zh: allianceName, name_en: allianceNameEn, sites: register.sites };
    case "town": {
      const town = listed.towns.find((t) => t.town_id === scope.id);
      if (!town)
        throw unknown(
          "town",
          scope.id,
          listed.towns.map((t) => t.town_id),
        );
      return { kind: "town", id: town.town_id, name_zh: town.name_zh, name_en: town.name_en, sites: register.sites.filter((s) => s.town_id === town.town_id) };
    }
    case "operator": {
      const operator = listed.operators.find((o) => o.operator_id === scope.id);
      if (!operator)
        throw unknown(
          "operator",
          scope.id,
          listed.operators.map((o) => o.operator_id),
        );
      const sites = register.sites.filter((s) => s.operator_id === operator.operator_id);
      return { kind: "operator", id: operator.operator_id, name_zh: operator.name_zh, name_en: operator.name_en, sites };
    }
    case "site": {
      const site = listed.sites.find((s) => s.site_id === scope.id);
      if (!site)
        throw unknown(
          "site",
          scope.id,
          listed.sites.map((s) => s.site_id),
        );
      return { kind: "site", id: site.site_id, name_zh: site.name_zh, name_en: site.name_en, sites: [site] };
    }
  }
}
