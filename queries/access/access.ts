import type { Festival } from "../../transforms/calendar/festivals.ts";
import type { Register } from "../../transforms/register/register.ts";
import type { Breakdown } from "../reports/daily-figures.ts";
import type { ResolvedScope } from "../reports/scope.ts";

/** Who is asking: from a bearer token (API, CLI --token) or staff (CLI without a token). */
export type Access = { role: "staff"; name: string } | { role: "planner"; name: string } | { role: "operator"; operator_id: string; name: string };

/** Whoever can open the data directory or the database already holds everything. */
export const cliStaff: Access = { role: "staff", name: "command line" };

/**
 * The threshold rule of official statistics: revenue is published only for a figure to which at
 * least this many operators contributed, so that no single operator's revenue can be read off it.
 */
export const disclosureThreshold = 3;

/** Whether one revenue figure may be shown, and if not, why (in words, for API and CLI). */
export type RevenueDisclosure = { shown: true } | { shown: false; reason: string };

/**
 * What a permitted request may see: visitor figures always; revenue per figure, judged from the
 * operators that contributed to it (had sales or refunds in it).
 */
export interface Grant {
  revenue(contributors: ReadonlySet<string>): RevenueDisclosure;
}

/** A request the role may not make at all (API 403). */
export class AccessDenied extends Error {
  override name = "AccessDenied";
}

export function roleName(access: Access): string {
  return access.role === "operator" ? `operator:${access.operator_id}` : access.role;
}

/**
 * Revenue of one figure (disclosure rule):
 * - staff: always.
 * - planner: only when at least `disclosureThreshold` operators contributed; so never for a site
 *   or operator figure, and not for a town's day on which only two operators sold.
 * - operator: its own revenue (no other operator contributed), or an aggregate with at least
 *   `disclosureThreshold` OTHER contributing operators (its own share subtracted still leaves an
 *   aggregate of enough operators).
 */
export function revenueDisclosure(access: Access, contributors: ReadonlySet<string>): RevenueDisclosure {
  if (access.role === "staff") return { shown: true };
  if (access.role === "planner") {
    return contributors.size >= disclosureThreshold
      ? { shown: true }
      : { shown: false, reason: `fewer than ${disclosureThreshold} operators contributed to this figure (threshold rule)` };
  }
  const others = [...contributors].filter((id) => id !== access.operator_id).length;
  return others === 0 || others >= disclosureThreshold
    ? { shown: true }
    : { shown: false, reason: `fewer than ${disclosureThreshold} other operators contributed to this figure (threshold rule)` };
}

/**
 * The one access policy; every report calls it before reading figures. It decides which scopes
 * a role may open; revenue is then shown per figure by `revenueDisclosure`.
 * - staff and planner: every scope and breakdown.
 * - operator:<id>: its own operator and own sites (by=site allowed), and alliance-wide aggregates
 *   without breakdown. Refused: other operators or their sites, towns (a town aggregate is neither
 *   its own nor alliance-wide), any per-operator breakdown, a per-site breakdown beyond its own.
 */
export function authorize(access: Access, scope: ResolvedScope, by?: Breakdown): Grant {
  const grant: Grant = { revenue: (contributors) => revenueDisclosure(access, contributors) };
  if (access.role !== "operator") return grant;
  const who = roleName(access);
  if (by === "operator") throw new AccessDenied(`${who} may not see a per-operator breakdown`);
  const ownOnly = scope.sites.length > 0 && scope.sites.every((s) => s.operator_id === access.operator_id);
  if (scope.kind === "alliance") {
    if (by === "site") throw new AccessDenied(`${who} may not see a per-site breakdown of the alliance; use --operator ${access.operator_id} --by site`);
    return grant;
  }
  if (scope.kind === "town") throw new AccessDenied(`${who} sees its own figures and alliance-wide aggregates, not town figures`);
  if (scope.kind === "operator" ? scope.id === access.operator_id : ownOnly) return grant;
  throw new AccessDenied(`${who} may not see figures of ${scope.kind} ${scope.id}`);
}

/**
 * An archived bulletin shows the figures its generator's role could see, so staff read every one
 * and any other role only those generated under that same role.
 */
export function mayReadBulletin(access: Access, generatedBy: string): boolean {
  return access.role === "staff" || generatedBy === roleName(access);
}

/**
 * The register as a role may see it, in answers and in error messages alike: an operator sees
 * every town but only itself and its own sites.
 */
export function visibleRegister(register: Register, access: Access): Pick<Register, "towns" | "operators" | "sites"> {
  if (access.role !== "operator") return { towns: register.towns, operators: register.operators, sites: register.sites };
  return {
    towns: register.towns,
    operators: register.operators.filter((o) => o.operator_id === access.operator_id),
    sites: register.sites.filter((s) => s.operator_id === access.operator_id),
  };
}

/** Festivals as a role may see them: every festival, with only the sites the role may see. */
export function visibleFestivals(festivals: readonly Festival[], register: Register, access: Access): Festival[] {
  if (access.role !== "operator") return [...festivals];
  const own = new Set(visibleRegister(register, access).sites.map((s) => s.site_id));
  return festivals.map((f) => ({ ...f, site_ids: f.site_ids.filter((id) => own.has(id)) }));
}
