import { DateTime } from "luxon";
import { tableWidth } from "../../infra/cli/terminal-width.ts";
import { type Runtime, UsageError } from "../../infra/cli/runtime.ts";
import { cliStaff } from "../access/access.ts";
import { UnknownAlert, acknowledgeAlert, listAlerts } from "../live/alerts.ts";
import type { ReportReference } from "../reports/context.ts";
import type { AlertAnswer } from "../reports/schemas.ts";
import { loadReportReference, openReportContext } from "../reports/open-context.ts";
import { ParamError } from "../access/param-error.ts";
import { parseParams, reportParamSchemas } from "../reports/params.ts";
import { localToday } from "../../ingest/contracts/time.ts";
import { type DataDirOwner, answeringOwner } from "../../infra/warehouse/owner-file.ts";
import { tellOwner } from "./owner-client.ts";
import { ownerAnswer, usage } from "./report/report-actions.ts";
import { column } from "../present/labels.ts";
import { renderCsv, renderTable, words } from "../present/tabular.ts";
import { shanghaiTimeText } from "../present/format.ts";

const columns = [
  column("alert_id", "text", "编号", "ID"),
  column("occurred_at", "time", "时间", "Time"),
  column("site_id", "text", "景点", "Site"),
  column("measure", "text", "指标", "Measure"),
  column("level", "text", "级别", "Level"),
  column("figure", "count", "人数", "Figure"),
  column("capacity", "count", "承载量", "Capacity"),
  column("late", "flag", "迟到", "Late"),
  column("delivery_state", "text", "推送", "Delivery"),
  column("acknowledged_by", "text", "确认人", "Acknowledged by"),
];

async function listHere(rt: Runtime, reference: ReportReference, params: Parameters<typeof listAlerts>[2]) {
  const ctx = await openReportContext(rt.config, "read", reference);
  try {
    return await listAlerts(ctx, cliStaff, params).catch((err: unknown) => {
      throw err instanceof ParamError ? new UsageError(`--${err.param}: ${err.detail}`) : err;
    });
  } finally {
    await ctx.warehouse.close();
  }
}

async function ackHere(rt: Runtime, id: string, by: string): Promise<AlertAnswer> {
  const ctx = await openReportContext(rt.config, "write");
  try {
    return await acknowledgeAlert(ctx, { ...cliStaff, name: by }, id, DateTime.now());
  } catch (err) {
    if (err instanceof UnknownAlert) throw new UsageError(`id: ${err.message}`);
    throw err;
  } finally {
    await ctx.warehouse.close();
  }
}

/** The running owner of the data directory records it: the engine opens the directory in one process only. */
async function ackByOwner(owner: DataDirOwner, id: string, by: string): Promise<AlertAnswer> {
  let answer: unknown;
  try {
    answer = await tellOwner(owner, `/api/alerts/${encodeURIComponent(id)}/ack`, { by });
  } catch (err) {
    throw usage(err);
  }
  if (answer === undefined) throw new UsageError(`id: ${new UnknownAlert(id).message}`);
  return answer as AlertAnswer;
}

/** `tourism alerts ack ID`. */
export async function acknowledge(rt: Runtime, id: string, options: { by: string }): Promise<void> {
  const owner = answeringOwner(rt.config);
  const alert = owner ? await ackByOwner(owner, id, options.by) : await ackHere(rt, id, options.by);
  process.stdout.write(`${alert.alert_id} acknowledged by ${alert.acknowledged_by} at ${shanghaiTimeText(alert.acknowledged_at ?? "")}
`);
}

/** `tourism alerts`. */
export async function showAlerts(rt: Runtime, options: { since?: string; site?: string; format: "table" | "json" | "csv" }): Promise<void> {
  const reference = await loadReportReference(rt.config);
  const schemas = reportParamSchemas(() => localToday(), reference.calendar);
  const query = { ...(options.since ? { since: options.since } : {}), ...(options.site ? { site: options.site } : {}) };
  let params: ReturnType<typeof schemas.alerts.parse>;
  try {
    params = parseParams(schemas.alerts, query);
  } catch (err) {
    throw err instanceof ParamError ? new UsageError(`--${err.param}: ${err.detail}`) : err;
  }
  const owner = answeringOwner(rt.config);
  const alerts = owner
    ? (await ownerAnswer<{ alerts: Awaited<ReturnType<typeof listAlerts>> }>(rt, owner, "/api/alerts", query, undefined)).alerts
    : await listHere(rt, reference, params);
  if (options.format === "json") process.stdout.write(`${JSON.stringify({ alerts }, null, 2)}\n`);
  else {
    const view = { title: words(`承载量预警（${alerts.length}）`, `Capacity alerts (${alerts.length})`), columns, rows: alerts, notes: [] };
    process.stdout.write(options.format === "csv" ? renderCsv(view) : renderTable(view, rt.config.TOURISM_LANG, tableWidth()));
  }
}
