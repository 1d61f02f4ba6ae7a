import { writeFile } from "node:fs/promises";
import { tableWidth } from "../../../infra/cli/terminal-width.ts";
import { DateTime } from "luxon";
import { AccessDenied, type Access, cliStaff } from "../../access/access.ts";
import { localToday } from "../../../ingest/contracts/time.ts";
import { knownIds, loadTokenBook } from "../../access/tokens.ts";
import type { ReportContext } from "../../reports/context.ts";
import { loadReportReference, openReportContext } from "../../reports/open-context.ts";
import { ParamError } from "../../access/param-error.ts";
import { reportParamSchemas } from "../../reports/params.ts";
import { askOwner } from "../owner-client.ts";
import { type DataDirOwner, answeringOwner } from "../../../infra/warehouse/owner-file.ts";
import { type Runtime, UsageError } from "../../../infra/cli/runtime.ts";
import type { Lang } from "../../present/format.ts";
import { renderCsvTables, renderTable } from "../../present/tabular.ts";
import { toXlsx, xlsxSheets } from "../../present/xlsx.ts";
import { type ReportEntry, type ReportName, reportCatalogue, reportTables } from "../../present/report-catalogue.ts";

export type Format = "table" | "json" | "csv" | "xlsx";

/** Flags named otherwise than the report's parameters: growth's years are --from/--to, as trend's dates are. */
const flagParams: Partial<Record<ReportName, Record<string, string>>> = { growth: { from: "from_year", to: "to_year" } };

/** commander's camelCase option names back to the reports' parameter names (asOf → as_of; growth's from → from_year). */
export function rawParams(options: Record<string, unknown>, renamed: Record<string, string> = {}): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) {
    if (name === "format" || name === "token" || name === "output" || typeof value !== "string") continue;
    raw[renamed[name] ?? name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  }
  return raw;
}

/** A parameter's error named by its flag (from_year → --from on growth). */
function flagError(err: unknown, renamed: Record<string, string>): unknown {
  if (!(err instanceof ParamError)) return err;
  const flag = Object.entries(renamed).find(([, param]) => param === err.param)?.[0];
  return flag ? new ParamError(flag, err.detail) : err;
}

/** The token from --token, else from TOURISM_TOKEN (which keeps it out of the process list); none: staff. */
export async function cliAccess(runtime: Runtime, ctx: ReportContext, flag: string | undefined): Promise<Access> {
  const token = flag ?? runtime.config.TOURISM_TOKEN;
  if (token === undefined) return cliStaff;
  const source = flag === undefined ? "TOURISM_TOKEN" : "--token";
  const path = runtime.config.TOURISM_TOKENS;
  if (!path) throw new UsageError(`${source}: TOURISM_TOKENS is not set, so no token can be checked`);
  const book = await loadTokenBook(path, knownIds(ctx.register), runtime.log.child({ module: "tokens" }));
  const access = book.lookup(token);
  if (!access) throw new UsageError(`${source}: not a token in TOURISM_TOKENS`);
  return access;
}

/** The reader's language of tables and files: --lang, else TOURISM_LANG. */
export function lang(rt: Runtime, options: Record<string, unknown>): Lang {
  if (options.lang === undefined) return rt.config.TOURISM_LANG;
  if (options.lang === "zh" || options.lang === "en") return options.lang;
  throw new UsageError(`--lang: expected zh|en, got ${JSON.stringify(options.lang)}`);
}

/** A report's answer as the command prints or writes it. */
export async function renderReport<R>(
  name: string,
  entry: Pick<ReportEntry<unknown, R>, "view">,
  report: R,
  format: Format,
  language: Lang,
  width = tableWidth(),
): Promise<string | Buffer> {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  const views = reportTables(entry, report);
  if (format === "xlsx") return toXlsx(xlsxSheets(name, views), new Date().toISOString(), language);
  return format === "csv" ? renderCsvTables(views, language) : views.map((view) => renderTable(view, language, width)).join("\n");
}

/** A spreadsheet is never written to a terminal: xlsx needs --output. */
export function checkOutput(format: unknown, output: unknown): void {
  if ((format === "xlsx" || format === "docx") && typeof output !== "string")
    throw new UsageError(`--output: required with --format ${format} (the file to write)`);
}

/** To the --output file when given, else to stdout. */
export async function emit(content: string | Buffer, output: unknown): Promise<void> {
  if (typeof output === "string") await writeFile(output, content);
  else process.stdout.write(content);
}

/** `tokenFrom`: where the token came from (--token or TOURISM_TOKEN), named in an access error. */
export function usage(err: unknown, tokenFrom = "--token"): unknown {
  if (err instanceof ParamError) return new UsageError(`--${err.param.replace(/_/g, "-")}: ${err.detail}`);
  if (err instanceof AccessDenied) return new UsageError(`${tokenFrom}: ${err.message}`);
  return err;
}

/** The answer of the running owner of the data directory, as the token's holder (--token, TOURISM_TOKEN) or staff. */
export async function ownerAnswer<T>(runtime: Runtime, owner: DataDirOwner, path: string, query: Record<string, string>, flag: string | undefined): Promise<T> {
  try {
    return (await askOwner(owner, path, query, flag ?? runtime.config.TOURISM_TOKEN)) as T;
  } catch (err) {
    throw usage(err, flag === undefined ? "TOURISM_TOKEN" : "--token");
  }
}

/** The action of `tourism report NAME`: parse, ask the data directory's owner or open the warehouse, render. */
function reportAction<P, R>(name: ReportName, spec: ReportEntry<P, R>) {
  return async (rt: Runtime, options: Record<string, unknown>): Promise<void> => {
    checkOutput(options.format, options.output);
    const language = lang(rt, options);
    // The language is how the tables read, not a parameter of the report.
    const { lang: _, ...reportOptions } = options;
    // The data files first (holiday years are checked against the calendar), then the values:
    // wrong ones fail before the warehouse opens.
    const reference = await loadReportReference(rt.config);
    const renamed = flagParams[name] ?? {};
    let params: P;
    try {
      params = spec.parse(
        reportParamSchemas(() => localToday(), reference.calendar),
        rawParams(reportOptions, renamed),
      );
    } catch (err) {
      throw usage(flagError(err, renamed));
    }
    const flag = typeof options.token === "string" ? options.token : undefined;
    const owner = answeringOwner(rt.config);
    if (owner) {
      const report = await ownerAnswer<R>(rt, owner, spec.api, rawParams(reportOptions, renamed), flag);
      await emit(await renderReport(name, spec, report, options.format as Format, language), options.output);
      return;
    }
    const ctx = await openReportContext(rt.config, "read", reference);
    try {
      const access = await cliAccess(rt, ctx, flag);
      const report = await spec.run(ctx, access, params, { clock: () => DateTime.now(), staleMinutes: rt.config.TOURISM_LIVE_STALE_MINUTES });
      await emit(await renderReport(name, spec, report, options.format as Format, language), options.output);
    } catch (err) {
      throw usage(flagError(err, renamed), flag === undefined ? "TOURISM_TOKEN" : "--token");
    } finally {
      await ctx.warehouse.close();
    }
  };
}

/** The actions of `tourism report holiday|festival|trend|growth|forecast|live`, by name. */
export const reportActions = Object.fromEntries(
  Object.entries(reportCatalogue).map(([name, entry]) => [name, reportAction<unknown, unknown>(name as ReportName, entry)]),
) as Record<ReportName, ReturnType<typeof reportAction>>;
