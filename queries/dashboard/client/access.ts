import type { Locale } from "./i18n.ts";
import type { Me, Register } from "./schemas.ts";

export type ViewName = "holiday" | "trend" | "operator" | "growth";
export type Scope = { kind: "alliance" } | { kind: "town" | "site" | "operator"; id: string };
export type Breakdown = "none" | "site" | "operator";

/** What one signed-in role is offered; what it may not see is simply absent. */
export interface Access {
  views: ViewName[];
  scopes: Scope[];
  /** Operators whose revenue trend the operator view may show. */
  operators: string[];
  breakdowns(scope: Scope): Breakdown[];
}

export function operatorOf(me: Me): string | undefined {
  if (me.operator_id) return me.operator_id;
  return me.role.startsWith("operator:") ? me.role.slice("operator:".length) : undefined;
}

export function accessFor(me: Me, register: Register): Access {
  const own = operatorOf(me);
  if (own !== undefined) {
    // An operator sees its own figures and alliance-wide totals, never another operator's.
    return {
      views: ["holiday", "trend", "operator", "growth"],
      scopes: [
        { kind: "alliance" },
        { kind: "operator", id: own },
        ...register.sites.filter((site) => site.operator_id === own).map((site) => ({ kind: "site" as const, id: site.site_id })),
      ],
      operators: [own],
      breakdowns: (scope) => (scope.kind === "operator" ? ["none", "site"] : ["none"]),
    };
  }
  const scopes: Scope[] = [
    { kind: "alliance" },
    ...register.towns.map((town) => ({ kind: "town" as const, id: town.town_id })),
    ...register.sites.map((site) => ({ kind: "site" as const, id: site.site_id })),
    ...register.operators.map((op) => ({ kind: "operator" as const, id: op.operator_id })),
  ];
  const everything: Breakdown[] = ["none", "site", "operator"];
  if (me.role === "staff") {
    return {
      views: ["holiday", "trend", "operator", "growth"],
      scopes,
      operators: register.operators.map((op) => op.operator_id),
      breakdowns: () => everything,
    };
  }
  // Planners: every visitor figure; the API withholds revenue of any figure from fewer than three
  // operators, so the operator view, which is one operator's revenue, would show nothing: not offered.
  return { views: ["holiday", "trend", "growth"], scopes, operators: [], breakdowns: () => everything };
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
