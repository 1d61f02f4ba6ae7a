import { userInfo } from "node:os";
import { Command, Option } from "commander";
import { DateTime } from "luxon";
import { type Runtime, UsageError } from "../../infra/cli/runtime.ts";
import { cliStaff } from "../access/access.ts";
import { UnknownAlert, acknowledgeAlert, listAlerts } from "../live/alerts.ts";
import type { ReportReference } from "../reports/context.ts";
import { loadReportReference, openReportContext } from "../reports/open-context.ts";
import { ParamError } from "../reports/param-error.ts";
import { parseParams, reportParamSchemas } from "../reports/params.ts";
import { localToday } from "../../ingest/contracts/time.ts";
import { type DataDirOwner, answeringOwner } from "../../infra/warehouse/owner-file.ts";
import type { Alert } from "../../ingest/alerts/alert-store.ts";
import { tellOwner } from "./owner-client.ts";
import { ownerAnswer, usage } from "./report/commands.ts";
import { renderCsv, renderTable } from "./report/tabular.ts";

const columns = [
  { key: "alert_id", zh: "编号", en: "id" },
  { key: "occurred_at", zh: "时间", en: "time" },
  { key: "site_id", zh: "景点", en: "site" },
  { key: "measure", zh: "指标", en: "measure" },
  { key: "level", zh: "级别", en: "level" },
  { key: "figure", zh: "人数", en: "figure" },
  { key: "capacity", zh: "承载量", en: "capacity" },
  { key: "late", zh: "迟到", en: "late" },
  { key: "delivery_state", zh: "推送", en: "delivery" },
  { key: "acknowledged_by", zh: "确认人", en: "acknowledged by" },
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

async function ackHere(rt: Runtime, id: string, by: string): Promise<Alert> {
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
async function ackByOwner(owner: DataDirOwner, id: string, by: string): Promise<Alert> {
  let answer: unknown;
  try {
    answer = await tellOwner(owner, `/api/alerts/${encodeURIComponent(id)}/ack`, { by });
  } catch (err) {
    throw usage(err);
  }
  if (answer === undefined) throw new UsageError(`id: ${new UnknownAlert(id).message}`);
  return answer as Alert;
}

/** `tourism alerts [--since] [--site]` and `tourism alerts ack ID`. */
export function alertsCommand(runtime: () => Runtime): Command {
  const ack = new Command("ack")
    .description("acknowledge an alert (who and when are recorded)")
    .argument("<id>", "the alert id, as listed")
    .option("--by <name>", "who acknowledges", userInfo().username)
    .action(async (id: string, options: { by: string }) => {
      const rt = runtime();
      const owner = answeringOwner(rt.config);
      const alert = owner ? await ackByOwner(owner, id, options.by) : await ackHere(rt, id, options.by);
      process.stdout.write(`${alert.alert_id} acknowledged by ${alert.acknowledged_by} at ${alert.acknowledged_at}\n`);
    });
  return new Command("alerts")
    .description("capacity alerts: each change of a site's level (80 % warning, 100 % full), newest first")
    .option("--since <time>", "from this moment, ISO-8601 (naive = Asia/Shanghai)")
    .option("--site <site_id>", "one site")
    .addOption(new Option("--format <format>", "output").choices(["table", "json", "csv"]).default("table"))
    .action(async (options: { since?: string; site?: string; format: "table" | "json" | "csv" }) => {
      const rt = runtime();
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
        const view = { title: `承载量预警 Capacity alerts (${alerts.length})`, columns, rows: alerts.map(({ delivered_to: _, ...row }) => row), notes: [] };
        process.stdout.write(options.format === "csv" ? renderCsv(view) : renderTable(view));
      }
    })
    .addCommand(ack);
}
