import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Access } from "../access/access.ts";
import { bulletinView } from "../present/bulletin-view.ts";
import { renderMarkdown } from "../present/tabular.ts";
import { bulletinFigures } from "../reports/bulletin.ts";
import { listBulletins, showBulletin } from "../reports/bulletin-archive.ts";
import { bulletinText, bulletinTitle } from "../present/bulletin-text.ts";
import type { ReportContext } from "../reports/context.ts";
import { type ReportParamSchemas, parseParams } from "../reports/params.ts";
import { sendSheets, takeFormat } from "./downloads.ts";

/**
 * The bulletin preview and the archive. The API reads the warehouse only, so it never files a
 * bulletin: `tourism report bulletin --archive` does, and these routes list and show what was sent.
 */
export function bulletinRoutes(
  app: FastifyInstance,
  context: ReportContext,
  access: (request: FastifyRequest) => Access,
  schemas: ReportParamSchemas,
  today: () => string,
): void {
  app.get("/api/reports/bulletin", async (request, reply) => {
    const { format, rest } = takeFormat(request.query, ["json", "text", "md", "xlsx"]);
    const params = parseParams(schemas.bulletin, rest);
    const figures = await bulletinFigures(context, access(request), params, today());
    const text = bulletinText(figures, params.lang);
    if (format === "xlsx") {
      const sheet = { name: "假日日报 bulletin", view: bulletinView(figures), lead: [text] };
      return sendSheets(reply, `bulletin-${figures.holiday}-${figures.date}`, [sheet], params.lang);
    }
    if (format === "text") return reply.type("text/plain; charset=utf-8").send(`${text}\n`);
    if (format === "md") {
      return reply
        .type("text/markdown; charset=utf-8")
        .send(`## ${bulletinTitle(figures, params.lang)}\n\n${text}\n\n${renderMarkdown(bulletinView(figures), params.lang)}`);
    }
    return { ...figures, lang: params.lang, text };
  });
  app.get("/api/bulletins", async (request) => listBulletins(context.warehouse, access(request), parseParams(schemas.bulletins, request.query)));
  app.get("/api/bulletins/:id", async (request, reply) => {
    const { id } = parseParams(schemas.bulletinId, request.params);
    const found = await showBulletin(context.warehouse, access(request), id);
    return found ?? reply.code(404).send({ error: "id: no archived bulletin with this id" });
  });
}
