import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Access } from "../access/access.ts";
import { ParamError } from "../access/param-error.ts";
import { fileBulletin } from "../reports/bulletin-filing.ts";
import { bulletinView } from "../present/bulletin-view.ts";
import { bulletinDocx } from "../present/bulletin-docx.ts";
import { bulletinLead, bulletinMarkdown, docxMediaType } from "../present/bulletin-files.ts";
import { bulletinFigures } from "../reports/bulletin.ts";
import { listBulletins, showBulletin } from "../reports/bulletin-archive.ts";
import { bulletinDocument } from "../present/bulletin-text.ts";
import type { ReportContext } from "../reports/context.ts";
import { type ReportParamSchemas, parseParams } from "../reports/params.ts";
import { sendSheets, takeFormat } from "./downloads.ts";

/** A bulletin to file: the bulletin's parameters as strings, and the confirmation that an incomplete one is filed as it is. */
const filingBody = z.record(z.string(), z.union([z.string(), z.boolean()]));

/**
 * The bulletin preview, filing (staff only: the dashboard's archive button, and `tourism report
 * bulletin --archive` beside a running owner) and the archive as sent.
 */
export function bulletinRoutes(
  app: FastifyInstance,
  context: ReportContext,
  access: (request: FastifyRequest) => Access,
  schemas: ReportParamSchemas,
  today: () => string,
): void {
  app.get("/api/reports/bulletin", async (request, reply) => {
    const { format, rest } = takeFormat(request.query, ["json", "text", "md", "xlsx", "docx"]);
    const params = parseParams(schemas.bulletin, rest);
    const figures = await bulletinFigures(context, access(request), params, today());
    const text = bulletinDocument(figures, params.lang);
    if (format === "xlsx") {
      const sheet = { name: "假日日报 bulletin", view: bulletinView(figures), lead: bulletinLead(figures, params.lang) };
      return sendSheets(reply, `bulletin-${figures.holiday}-${figures.date}`, [sheet], params.lang);
    }
    if (format === "docx") {
      return reply
        .type(docxMediaType)
        .header("content-disposition", `attachment; filename="bulletin-${figures.holiday}-${figures.date}.docx"`)
        .send(await bulletinDocx(figures, params.lang));
    }
    if (format === "text") return reply.type("text/plain; charset=utf-8").send(`${text}\n`);
    if (format === "md") return reply.type("text/markdown; charset=utf-8").send(bulletinMarkdown(figures, params.lang));
    return { ...figures, lang: params.lang, text };
  });
  app.post("/api/bulletins", async (request, reply) => {
    const who = access(request);
    const body = filingBody.safeParse(request.body ?? {});
    if (!body.success) throw new ParamError("body", "expected a JSON object of the bulletin's parameters");
    const { accept_incomplete: accept, ...rest } = body.data;
    if (accept !== undefined && accept !== true && accept !== false) throw new ParamError("accept_incomplete", "expected true or false");
    const params = parseParams(schemas.bulletin, rest);
    const filed = await fileBulletin(context, who, params, today(), {
      text: (figures) => bulletinDocument(figures, params.lang),
      acceptIncomplete: accept === true,
    });
    return reply.code(201).send(filed);
  });
  app.get("/api/bulletins", async (request) => listBulletins(context.warehouse, access(request), parseParams(schemas.bulletins, request.query)));
  app.get("/api/bulletins/:id", async (request, reply) => {
    const { id } = parseParams(schemas.bulletinId, request.params);
    const found = await showBulletin(context.warehouse, access(request), id);
    return found ?? reply.code(404).send({ error: "id: no archived bulletin with this id" });
  });
}
