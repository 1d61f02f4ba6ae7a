import type { DateTime } from "luxon";
import { z } from "zod";
import { type Alert, alertStore } from "../../ingest/alerts/alert-store.ts";
import { utcText } from "../../ingest/alerts/evaluator.ts";
import { type Access, AccessDenied, roleName, visibleRegister } from "../access/access.ts";
import type { ReportContext } from "../reports/context.ts";
import type { AlertAnswer } from "../reports/schemas.ts";
import { ParamError } from "../access/param-error.ts";

/** An alert as `access` reads it (see alertSchema): no webhook addresses; delivery errors for staff only. */
export function alertAnswer(alert: Alert, access: Access): AlertAnswer {
  const { delivered_to: _, next_attempt_at, last_error, ...shown } = alert;
  const staff = access.role === "staff";
  return { ...shown, next_attempt_at: staff ? next_attempt_at : null, last_error: staff ? last_error : null };
}

/** Alerts as a role may see them: staff and planners every site, an operator its own sites. */
export async function listAlerts(
  ctx: ReportContext,
  access: Access,
  params: { since?: DateTime | undefined; site?: string | undefined },
): Promise<AlertAnswer[]> {
  const visible = visibleRegister(ctx.register, access).sites.map((s) => s.site_id);
  if (params.site !== undefined && !visible.includes(params.site))
    throw new ParamError("site", `expected one of ${visible.join("|")}, got ${JSON.stringify(params.site)}`);
  const everySite = access.role === "staff" || access.role === "planner";
  const sites = params.site !== undefined ? [params.site] : everySite ? undefined : visible;
  const alerts = await alertStore(ctx.warehouse).list({ ...(params.since ? { since: utcText(params.since) } : {}), ...(sites ? { sites } : {}) });
  return alerts.map((alert) => alertAnswer(alert, access));
}

export class UnknownAlert extends Error {
  constructor(id: string) {
    super(`no alert ${JSON.stringify(id.slice(0, 64))}`);
  }
}

/** Who acknowledges, named by the command line on this machine (`alerts ack --by`); a token acknowledges as its holder. */
export const acknowledgerBody = z.optional(z.object({ by: z.string().trim().min(1).max(100) }));

/** Staff acknowledge an alert: who and when; the first acknowledgement stays. */
export async function acknowledgeAlert(ctx: ReportContext, access: Access, id: string, at: DateTime): Promise<AlertAnswer> {
  if (access.role !== "staff") throw new AccessDenied(`${roleName(access)} may not acknowledge alerts; staff only`);
  const outcome = await alertStore(ctx.warehouse).acknowledge(id, access.name, utcText(at));
  if (outcome.ok) return alertAnswer(outcome.alert, access);
  if (outcome.reason === "unknown") throw new UnknownAlert(id);
  return alertAnswer(outcome.alert!, access);
}
