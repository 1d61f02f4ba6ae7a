import { localToday } from "../../../ingest/contracts/time.ts";
import { tableWidth } from "../../../infra/cli/terminal-width.ts";
import { type Runtime, UsageError } from "../../../infra/cli/runtime.ts";
import type { HolidayCalendar } from "../../../transforms/calendar/holidays.ts";
import type { Access } from "../../access/access.ts";
import { bulletinFigures } from "../../reports/bulletin.ts";
import { listBulletins, showBulletin } from "../../reports/bulletin-archive.ts";
import { fileBulletin } from "../../reports/bulletin-filing.ts";
import { tellOwner } from "../owner-client.ts";
import { bulletinDocument } from "../../present/bulletin-text.ts";
import { bulletinLead, bulletinMarkdown } from "../../present/bulletin-files.ts";
import type { ReportContext, ReportReference } from "../../reports/context.ts";
import { loadReportReference, openReportContext } from "../../reports/open-context.ts";
import { parseParams, reportParamSchemas } from "../../reports/params.ts";
import { bulletinView } from "../../present/bulletin-view.ts";
import { announceOwner, answeringOwner, configuredOwner } from "../../../infra/warehouse/owner-file.ts";
import type { ArchivedBulletin, BulletinFigures, BulletinReport } from "../../reports/schemas.ts";
import { checkOutput, cliAccess, emit, lang, ownerAnswer, rawParams, usage } from "./report-actions.ts";
import { toXlsx } from "../../present/xlsx.ts";
import { bulletinArchiveView } from "../../present/bulletin-archive-view.ts";
import { renderTable } from "../../present/tabular.ts";

const schemas = (calendar: HolidayCalendar) => reportParamSchemas(() => localToday(), calendar);
type Schemas = ReturnType<typeof schemas>;

const tokenFlag = (token: unknown) => (typeof token === "string" ? token : undefined);

/** Opens the context, resolves the caller and runs `work`; wrong arguments and refusals become usage errors. */
async function withContext<T>(
  runtime: Runtime,
  reference: ReportReference,
  access: "read" | "write",
  token: unknown,
  work: (ctx: ReportContext, who: Access) => Promise<T>,
): Promise<T> {
  const flag = tokenFlag(token);
  const ctx = await openReportContext(runtime.config, access, reference);
  try {
    return await work(ctx, await cliAccess(runtime, ctx, flag));
  } catch (err) {
    throw usage(err, flag === undefined ? "TOURISM_TOKEN" : "--token");
  } finally {
    await ctx.warehouse.close();
  }
}

/**
 * `tourism report bulletin`: a preview unless --archive is given: only then is the text filed as
 * sent (beside a running owner, by the owner, as the dashboard's archive button does). A bulletin
 * whose counts cannot all be cut at its hour is filed only with --accept-incomplete.
 */
export async function bulletinAction(rt: Runtime, options: Record<string, unknown>): Promise<void> {
  checkOutput(options.format, options.output);
  const { archive, acceptIncomplete, ...rest } = options;
  const accept = acceptIncomplete === true;
  // The data files first: the holiday years are checked against the calendar.
  const reference = await loadReportReference(rt.config);
  let params: ReturnType<Schemas["bulletin"]["parse"]>;
  try {
    params = parseParams(schemas(reference.calendar).bulletin, rawParams(rest));
  } catch (err) {
    throw usage(err);
  }
  const render = async (figures: BulletinFigures, text: string, archivedId: string | null) => {
    if (options.format === "json") return `${JSON.stringify({ ...figures, lang: params.lang, text, archived_id: archivedId }, null, 2)}\n`;
    if (options.format === "xlsx")
      return toXlsx(
        [{ name: "假日日报 bulletin", view: bulletinView(figures), lead: bulletinLead(figures, params.lang) }],
        new Date().toISOString(),
        params.lang,
      );
    if (options.format === "md") return bulletinMarkdown(figures, params.lang);
    if (options.format === "docx") return (await import("../../present/bulletin-docx.ts")).bulletinDocx(figures, params.lang);
    return `${text}\n`;
  };
  const owner = configuredOwner(rt.config);
  if (owner) {
    announceOwner(owner);
    if (archive) {
      const flag = tokenFlag(options.token);
      let filed: ArchivedBulletin;
      try {
        const body = { ...rawParams(rest), ...(accept ? { accept_incomplete: true } : {}) };
        filed = (await tellOwner(owner, "/api/bulletins", body, flag ?? rt.config.TOURISM_TOKEN)) as ArchivedBulletin;
      } catch (err) {
        throw usage(err, flag === undefined ? "TOURISM_TOKEN" : "--token");
      }
      process.stderr.write(`tourism: bulletin archived as ${filed.id} by tourism ${owner.command}\n`);
      await emit(await render(filed.figures, filed.text, filed.id), options.output);
      return;
    }
    const { lang: _, text, ...figures } = await ownerAnswer<BulletinReport>(rt, owner, "/api/reports/bulletin", rawParams(rest), tokenFlag(options.token));
    await emit(await render(figures, text, null), options.output);
    return;
  }
  const out = await withContext(rt, reference, archive ? "write" : "read", options.token, async (ctx, who) => {
    if (archive) {
      const filed = await fileBulletin(ctx, who, params, localToday(), { text: (figures) => bulletinDocument(figures, params.lang), acceptIncomplete: accept });
      process.stderr.write(`tourism: bulletin archived as ${filed.id}\n`);
      return render(filed.figures, filed.text, filed.id);
    }
    const figures = await bulletinFigures(ctx, who, params, localToday());
    return render(figures, bulletinDocument(figures, params.lang), null);
  });
  await emit(out, options.output);
}

/** `tourism bulletins`. */
export async function listArchive(rt: Runtime, options: Record<string, unknown>): Promise<void> {
  const language = lang(rt, options);
  // The language is how the table reads, not a filter of the archive.
  const { lang: _, ...filterOptions } = options;
  const reference = await loadReportReference(rt.config);
  let filter: ReturnType<Schemas["bulletins"]["parse"]>;
  try {
    filter = parseParams(schemas(reference.calendar).bulletins, rawParams(filterOptions));
  } catch (err) {
    throw usage(err);
  }
  const owner = answeringOwner(rt.config);
  const entries = owner
    ? await ownerAnswer<Awaited<ReturnType<typeof listBulletins>>>(rt, owner, "/api/bulletins", rawParams(filterOptions), tokenFlag(options.token))
    : await withContext(rt, reference, "read", options.token, (ctx, who) => listBulletins(ctx.warehouse, who, filter));
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return;
  }
  process.stdout.write(renderTable(bulletinArchiveView(entries), language, tableWidth()));
}

/** `tourism bulletins show ID`. */
export async function showArchived(rt: Runtime, id: string, options: Record<string, unknown>): Promise<void> {
  const reference = await loadReportReference(rt.config);
  try {
    parseParams(schemas(reference.calendar).bulletinId, { id });
  } catch (err) {
    throw usage(err);
  }
  const owner = answeringOwner(rt.config);
  const found = owner
    ? await ownerAnswer<Awaited<ReturnType<typeof showBulletin>>>(rt, owner, `/api/bulletins/${encodeURIComponent(id)}`, {}, tokenFlag(options.token))
    : await withContext(rt, reference, "read", options.token, (ctx, who) => showBulletin(ctx.warehouse, who, id));
  if (!found) throw new UsageError(`id: no archived bulletin ${id} (tourism bulletins lists them)`);
  process.stdout.write(options.format === "json" ? `${JSON.stringify(found, null, 2)}\n` : `${found.text}\n`);
}
