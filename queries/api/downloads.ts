import type { FastifyReply } from "fastify";
import type { Tabular } from "../present/tabular.ts";
import { type XlsxSheet, toXlsx, xlsxMediaType } from "../present/xlsx.ts";
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

/** An .xlsx attachment of one report table (`lead`: lines above it). */
export async function sendXlsx(reply: FastifyReply, filename: string, sheet: string, view: Tabular, lead?: string[]): Promise<FastifyReply> {
  return sendSheets(reply, filename, [{ name: sheet, view, ...(lead ? { lead } : {}) }]);
}

/** An .xlsx attachment with a sheet per table. */
export async function sendSheets(reply: FastifyReply, filename: string, sheets: readonly XlsxSheet[]): Promise<FastifyReply> {
  const body = await toXlsx(sheets, new Date().toISOString());
  return reply.type(xlsxMediaType).header("content-disposition", `attachment; filename="${filename}.xlsx"`).send(body);
}
