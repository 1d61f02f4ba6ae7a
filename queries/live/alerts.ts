import type { DateTime } from "luxon";
import { z } from "zod";
import { type Alert, alertStore } from "../../ingest/alerts/alert-store.ts";
import { utcText } from "../../ingest/alerts/evaluator.ts";
import { type Access, AccessDenied, roleName, visibleRegister } from "../access/access.ts";
import type { ReportContext } from "../reports/context.ts";
import { ParamError } from "../reports/param-error.ts";

/** Alerts as a role may see them: staff and planners every site, an operator its own sites. */
export async function listAlerts(ctx: ReportContext, access: Access, params: { since?: DateTime | undefined; site?: string | undefined }): Promise<Alert[]> {
  const visible = visibleRegister(ctx.register, access).sites.map((s) => s.site_id);
  if (params.site !== undefined && !visible.includes(params.site))
    throw new ParamError("site", `expected one of ${visible.join("|")}, got ${JSON.stringify(params.site)}`);
  const sites = params.site !== undefined ? [params.site] : access.role === "operator" ? visible : undefined;
  return alertStore(ctx.warehouse).list({ ...(params.since ? { since: utcText(params.since) } : {}), ...(sites ? { sites } : {}) });
}

export class UnknownAlert extends Error {
  constructor(id: string) {
    super(`no alert ${JSON.stringify(id.slice(0, 64))}`);
  }
}

/** Who acknowledges, named by the command line on this machine (`alerts ack --by`); a token acknowledges as its holder. */
export const acknowledgerBody = z.optional(z.object({ by: z.string().trim().min(1).max(100) }));

/** Staff acknowledge an alert: who and when; the first acknowledgement stays. */
export async function acknowledgeAlert(ctx: ReportContext, access: Access, id: string, at: DateTime): Promise<Alert> {
  if (access.role !== "staff") throw new AccessDenied(`${roleName(access)} may not acknowledge alerts; staff only`);
  const outcome = await alertStore(ctx.warehouse).acknowledge(id, access.name, utcText(at));
  if (outcome.ok) return outcome.alert;
  if (outcome.reason === "unknown") throw new UnknownAlert(id);
  return outcome.alert!;
}
