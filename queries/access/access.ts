import type { Breakdown } from "../reports/daily-figures.ts";
import type { ResolvedScope } from "../reports/scope.ts";

/** Who is asking: from a bearer token (API, CLI --token) or staff (CLI without a token). */
export type Access =
  | { role: "staff"; name: string }
  | { role: "planner"; name: string }
  | { role: "operator"; operator_id: string; name: string };

/** Whoever can open the data directory or the database already holds everything. */
export const cliStaff: Access = { role: "staff", name: "command line" };

/** What a permitted request may see: visitor figures always, revenue only when granted. */
export interface Grant {
  revenue: boolean;
}

/** A request the role may not make at all (API 403). */
export class AccessDenied extends Error {
  override name = "AccessDenied";
}

export function roleName(access: Access): string {
  return access.role === "operator" ? `operator:${access.operator_id}` : access.role;
}

/**
 * The one access policy; every report calls it before reading figures.
 * - staff: everything.
 * - planner: every visitor figure; revenue at site, town and alliance level only, so with
 *   scope operator or by=operator the revenue fields are null (visitors still shown), not a 403.
 * - operator:<id>: its own operator and own sites (by=site allowed), and alliance-wide aggregates
 *   without breakdown. Refused: other operators or their sites, towns (a town aggregate is neither
 *   its own nor alliance-wide), any per-operator breakdown, a per-site breakdown beyond its own.
 *   An "alliance" aggregate over fewer sites than the whole alliance (a festival's sites) keeps
 *   visitors but withholds revenue unless every site is its own, since those sites' revenue
 *   minus its own would be other operators' revenue.
 */
export function authorize(access: Access, scope: ResolvedScope, by?: Breakdown): Grant {
  if (access.role === "staff") return { revenue: true };
  if (access.role === "planner") return { revenue: scope.kind !== "operator" && by !== "operator" };
  const who = roleName(access);
  if (by === "operator") throw new AccessDenied(`${who} may not see a per-operator breakdown`);
  const ownOnly = scope.sites.length > 0 && scope.sites.every((s) => s.operator_id === access.operator_id);
  if (scope.kind === "alliance") {
    if (by === "site") throw new AccessDenied(`${who} may not see a per-site breakdown of the alliance; use --operator ${access.operator_id} --by site`);
    return { revenue: !scope.narrowed || ownOnly };
  }
  if (scope.kind === "town") throw new AccessDenied(`${who} sees its own figures and alliance-wide aggregates, not town figures`);
  if (scope.kind === "operator" ? scope.id === access.operator_id : ownOnly) return { revenue: true };
  throw new AccessDenied(`${who} may not see figures of ${scope.kind} ${scope.id}`);
}
