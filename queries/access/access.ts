import type { Festival } from "../../transforms/calendar/festivals.ts";
import type { Register } from "../../transforms/register/register.ts";
import { type Breakdown, breakdowns, type ResolvedScope, type ScopeParam, resolveScope } from "./scope.ts";
import { type Capabilities, type OfferedScope, viewNames } from "./capabilities.ts";
import { type CellQuery, type FigureCells, type RevenueDisclosure, type SitePlace, disclosureThreshold, publicationRule } from "./disclosure.ts";

/** Who is asking: from a bearer token (API, CLI --token) or staff (CLI without a token). */
export type Access =
  | { role: "staff"; name: string }
  | { role: "planner"; name: string }
  | { role: "operator"; operator_id: string; name: string }
  | { role: "device"; site_id: string; name: string };

/** Whoever can open the data directory or the database already holds everything. */
export const cliStaff: Access = { role: "staff", name: "command line" };

export { disclosureThreshold, type RevenueDisclosure } from "./disclosure.ts";

/**
 * What a permitted request may see: visitor figures always; revenue per figure, judged by the
 * disclosure rule (disclosure.ts) from what the engine gathered of the figure's cells.
 */
export interface Grant {
  revenue(figure: FigureCells): RevenueDisclosure;
  /** What the engine gathers per figure for `revenue`; null for staff, who see every figure, so their reports gather nothing. */
  cells: CellQuery | null;
}

/** Whether a role may open a scope (with a breakdown), and if not, why. */
export type Permission = { allowed: true } | { allowed: false; reason: string };

/** A request the role may not make at all (API 403). */
export class AccessDenied extends Error {
  override name = "AccessDenied";
}

export function roleName(access: Access): string {
  if (access.role === "operator") return `operator:${access.operator_id}`;
  return access.role === "device" ? `device:${access.site_id}` : access.role;
}

/** Filing a bulletin into the archive is the alliance office's act: staff only, on every way in. */
export function authorizeFiling(access: Access): void {
  if (access.role !== "staff") throw new AccessDenied(`${roleName(access)} may not file bulletins; staff only`);
}

/** A gate counter's token (device:<site_id>) sends its site's gate counts and reads nothing. */
export const readsNothing = (access: Access): boolean => access.role === "device";

/** Staff see every revenue figure, whoever contributed to it. */
const seesEveryRevenue = (access: Access) => access.role === "staff";

/** Which revenue a role sees, in words (the rule `publicationRule` applies per figure). */
function revenueRule(access: Access): Pick<Capabilities["revenue"], "rule" | "words"> {
  if (seesEveryRevenue(access)) return { rule: "every_figure", words: "every revenue figure" };
  if (access.role === "planner" || access.role === "device")
    return {
      rule: "threshold",
      words: `revenue of towns and the alliance over whole past days on each of which, in each town, no operator or at least ${disclosureThreshold} operators sold (threshold rule, per town and day)`,
    };
  return {
    rule: "threshold_of_others",
    words: `its own revenue, and the alliance's over whole past days on each of which no other operator or at least ${disclosureThreshold} other operators sold (threshold rule, per day)`,
  };
}

/**
 * The one access policy: which scopes a role may open, and with which breakdown; revenue is then
 * shown per figure by the disclosure rule (disclosure.ts).
 * - staff and planner: every scope and breakdown.
 * - operator:<id>: its own operator and own sites (by=site allowed), and alliance-wide aggregates
 *   without breakdown. Refused: other operators or their sites, towns (a town aggregate is neither
 *   its own nor alliance-wide), any per-operator breakdown, a per-site breakdown beyond its own.
 */
export function permission(access: Access, scope: ResolvedScope, by?: Breakdown): Permission {
  if (access.role === "device") return { allowed: false, reason: `${roleName(access)} sends gate counts and reads no reports` };
  if (access.role !== "operator") return { allowed: true };
  const who = roleName(access);
  const refused = (reason: string): Permission => ({ allowed: false, reason });
  if (by === "operator") return refused(`${who} may not see a per-operator breakdown`);
  const ownOnly = scope.sites.length > 0 && scope.sites.every((s) => s.operator_id === access.operator_id);
  if (scope.kind === "alliance") {
    return by === "site"
      ? refused(`${who} may not see a per-site breakdown of the alliance; use --operator ${access.operator_id} --by site`)
      : { allowed: true };
  }
  if (scope.kind === "town") return refused(`${who} sees its own figures and alliance-wide aggregates, not town figures`);
  if (scope.kind === "operator" ? scope.id === access.operator_id : ownOnly) return { allowed: true };
  return refused(`${who} may not see figures of ${scope.kind} ${scope.id}`);
}

/** Every report calls this before reading figures: the policy's refusal becomes AccessDenied; `register` places the sites in their cells. */
export function authorize(access: Access, register: { sites: readonly SitePlace[] }, scope: ResolvedScope, by?: Breakdown): Grant {
  const decision = permission(access, scope, by);
  if (!decision.allowed) throw new AccessDenied(decision.reason);
  if (seesEveryRevenue(access)) return { revenue: () => ({ shown: true }), cells: null };
  // `permission` refuses a device every scope; this only tells the types so.
  if (access.role === "device") throw new AccessDenied(`${roleName(access)} reads no figures`);
  return publicationRule(access, register.sites);
}

/**
 * What a role may see, for the dashboard to offer (and nothing else): every scope of the register
 * the policy lets it open, with the breakdowns it may ask; the operators whose own revenue it sees;
 * the views that leaves it (the operator view shows one operator's revenue).
 */
export function capabilities(access: Access, register: Register): Capabilities {
  const params: ScopeParam[] = [
    { kind: "alliance" },
    ...register.towns.map((t) => ({ kind: "town" as const, id: t.town_id })),
    ...register.operators.map((o) => ({ kind: "operator" as const, id: o.operator_id })),
    ...register.sites.map((s) => ({ kind: "site" as const, id: s.site_id })),
  ];
  const scopes = params.flatMap((param): OfferedScope[] => {
    // Only the scope's sites decide a permission; its name is shown nowhere here.
    const scope = resolveScope(register, param, register, "");
    if (!permission(access, scope).allowed) return [];
    return [{ ...param, breakdowns: breakdowns.filter((by) => permission(access, scope, by).allowed) }];
  });
  // Its own revenue is what a role sees of one operator: staff every operator's, an operator its own.
  const operators = scopes.flatMap((s) => (s.kind === "operator" && (access.role === "staff" || access.role === "operator") ? [s.id] : []));
  return {
    views: readsNothing(access) ? [] : viewNames.filter((view) => view !== "operator" || operators.length > 0),
    scopes,
    revenue: { ...revenueRule(access), operators },
  };
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
  if (access.role === "device") return { towns: [], operators: [], sites: [] };
  if (access.role !== "operator") return { towns: register.towns, operators: register.operators, sites: register.sites };
  return {
    towns: register.towns,
    operators: register.operators.filter((o) => o.operator_id === access.operator_id),
    sites: register.sites.filter((s) => s.operator_id === access.operator_id),
  };
}

/** Festivals as a role may see them: every festival, with only the sites the role may see. */
export function visibleFestivals(festivals: readonly Festival[], register: Register, access: Access): Festival[] {
  if (access.role === "staff" || access.role === "planner") return [...festivals];
  const own = new Set(visibleRegister(register, access).sites.map((s) => s.site_id));
  return festivals.map((f) => ({ ...f, site_ids: f.site_ids.filter((id) => own.has(id)) }));
}
