import type { FastifyReply } from "fastify";
import { renderCsvTables, type Tabular } from "../present/tabular.ts";
import { type XlsxSheet, toXlsx, xlsxMediaType } from "../present/xlsx.ts";
import { type Lang, langs } from "../present/format.ts";
import { ParamError } from "../access/param-error.ts";

/** Query parameters without `format`, and the format asked for: JSON unless `?format=` names another. */
export function takeFormat<F extends string>(query: unknown, allowed: readonly [F, ...F[]]): { format: F; rest: Record<string, unknown> } {
  const { format, ...rest } = (query ?? {}) as Record<string, unknown>;
  if (format === undefined) return { format: allowed[0], rest };
  if (typeof format !== "string" || !allowed.includes(format as F)) {
    throw new ParamError("format", `expected one of ${allowed.join("|")}, got ${JSON.stringify(format)?.slice(0, 40)}`);
  }
  return { format: format as F, rest };
}

/** The reader's language of a download (`?lang=`, default zh), and the other parameters. */
export function takeLang(query: Record<string, unknown>): { lang: Lang; rest: Record<string, unknown> } {
  const { lang, ...rest } = query;
  if (lang === undefined) return { lang: "zh", rest };
  if (typeof lang !== "string" || !langs.includes(lang as Lang)) {
    throw new ParamError("lang", `expected one of ${langs.join("|")}, got ${JSON.stringify(lang)?.slice(0, 40)}`);
  }
  return { lang: lang as Lang, rest };
}

/** An .xlsx attachment with a sheet per table. */
export async function sendSheets(reply: FastifyReply, filename: string, sheets: readonly XlsxSheet[], lang: Lang): Promise<FastifyReply> {
  const body = await toXlsx(sheets, new Date().toISOString(), lang);
  return reply.type(xlsxMediaType).header("content-disposition", `attachment; filename="${filename}.xlsx"`).send(body);
}

/** A .csv attachment of a report's tables. */
export function sendCsv(reply: FastifyReply, filename: string, views: readonly Tabular[], lang: Lang): FastifyReply {
  return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${filename}.csv"`).send(renderCsvTables(views, lang));
}
