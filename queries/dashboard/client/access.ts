import type { Capabilities, ViewName } from "../../access/capabilities.ts";
import type { Breakdown as ScopeBreakdown } from "../../access/scope.ts";
import type { Locale } from "./i18n.ts";
import type { Register } from "./schemas.ts";

export type { ViewName };
export type Scope = { kind: "alliance" } | { kind: "town" | "site" | "operator"; id: string };
/** A report's breakdown as the dashboard's control offers it: "none" for the scope's totals alone. */
export type Breakdown = ScopeBreakdown | "none";

/** What one signed-in role is offered; what it may not see is simply absent. */
export interface Access {
  views: ViewName[];
  scopes: Scope[];
  /** Operators whose revenue trend the operator view may show. */
  operators: string[];
  breakdowns(scope: Scope): Breakdown[];
}

/** The server's access policy, as /api/me answers it, in the terms of the dashboard's controls. */
export function accessOf(capabilities: Capabilities): Access {
  const breakdowns = new Map(capabilities.scopes.map((offered) => [scopeKey(offered), offered.breakdowns]));
  return {
    views: capabilities.views,
    scopes: capabilities.scopes.map((offered) => (offered.kind === "alliance" ? { kind: "alliance" } : { kind: offered.kind, id: offered.id })),
    operators: capabilities.revenue.operators,
    breakdowns: (scope) => ["none", ...(breakdowns.get(scopeKey(scope)) ?? [])],
  };
}

export function scopeKey(scope: Scope): string {
  return scope.kind === "alliance" ? "alliance" : `${scope.kind}:${scope.id}`;
}
export function parseScopeKey(key: string, offered: readonly Scope[]): Scope {
  return offered.find((scope) => scopeKey(scope) === key) ?? { kind: "alliance" };
}

/** The scope as API parameters: none for the alliance, else town=|site=|operator=. */
export function scopeQuery(scope: Scope): Record<string, string> {
  return scope.kind === "alliance" ? {} : { [scope.kind]: scope.id };
}

/** Whether a scope covers one of `sites` (a festival's): a festival report over a scope without one is refused. */
export function scopeCoversAny(scope: Scope, register: Register, sites: readonly string[]): boolean {
  return register.sites.some((site) => sites.includes(site.site_id) && (scope.kind === "alliance" || site[`${scope.kind}_id`] === scope.id));
}

export function scopeName(scope: Scope, register: Register, locale: Locale, allianceName: string): string {
  const pick = (named: { name_zh: string; name_en: string } | undefined, id: string) => (named ? (locale === "zh" ? named.name_zh : named.name_en) : id);
  switch (scope.kind) {
    case "alliance":
      return allianceName;
    case "town":
      return pick(
        register.towns.find((town) => town.town_id === scope.id),
        scope.id,
      );
    case "site":
      return pick(
        register.sites.find((site) => site.site_id === scope.id),
        scope.id,
      );
    case "operator":
      return pick(
        register.operators.find((op) => op.operator_id === scope.id),
        scope.id,
      );
  }
}
