import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { holidayPeriods } from "../../transforms/calendar/holidays.ts";
import { type Access, AccessDenied, visibleFestivals, visibleRegister } from "../access/access.ts";
import type { TokenBook } from "../access/tokens.ts";
import { dashboardPlugin } from "../dashboard/plugin.ts";
import type { ReportContext } from "../reports/context.ts";
import { festivalReport } from "../reports/festival.ts";
import { growthReport } from "../reports/growth.ts";
import { holidayReport } from "../reports/holiday.ts";
import { ParamError } from "../reports/param-error.ts";
import { festivalParamsSchema, growthParamsSchema, holidayParamsSchema, parseParams, trendParamsSchema } from "../reports/params.ts";
import { trendReport } from "../reports/trend.ts";
import { openApiDocument } from "./openapi.ts";

export interface ServerDeps {
  context: ReportContext;
  tokens: TokenBook;
  /** pino logger for requests; none in tests. */
  logger?: FastifyBaseLogger;
  /** Serve the dashboard at `/` (default true). */
  dashboard?: boolean;
}

/** Paths anyone may read: liveness and the API's own description. */
const publicPaths = new Set(["/healthz", "/api/openapi.json"]);

/**
 * The HTTP API: routes only translate HTTP to report calls and back; validation (zod) and access
 * control happen in the query layer, which throws ParamError (400) and AccessDenied (403).
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = deps.logger ? Fastify({ loggerInstance: deps.logger }) : Fastify({ logger: false });
  const accessOf = new WeakMap<FastifyRequest, Access>();
  const access = (request: FastifyRequest): Access => accessOf.get(request)!;
  const { context } = deps;

  app.addHook("onRequest", async (request, reply) => {
    const path = request.url.split("?")[0]!;
    if (!path.startsWith("/api/") || publicPaths.has(path)) return;
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
    const holder = match ? deps.tokens.lookup(match[1]!) : undefined;
    if (!holder) return reply.code(401).header("www-authenticate", "Bearer").send({ error: "a valid bearer token is required (Authorization: Bearer <token>)" });
    accessOf.set(request, holder);
  });

  app.setErrorHandler(async (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof ParamError) return reply.code(400).send({ error: err.message });
    if (err instanceof AccessDenied) return reply.code(403).send({ error: err.message });
    request.log.error({ err }, "request failed");
    return reply.code(500).send({ error: "internal error" });
  });
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ error: `no such path: ${request.url.split("?")[0]}` }));

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/api/openapi.json", async () => openApiDocument());
  app.get("/api/me", async (request) => {
    const who = access(request);
    return { role: who.role === "operator" ? `operator:${who.operator_id}` : who.role, operator_id: who.role === "operator" ? who.operator_id : null, name: who.name };
  });
  app.get("/api/sites", async (request) => visibleRegister(context.register, access(request)));
  app.get("/api/holidays", async () => holidayPeriods().map(({ key, keys, year, name_zh, start, end, days }) => ({ key, keys, year, name_zh, start, end, days })));
  app.get("/api/festivals", async (request) => visibleFestivals(context.festivals, context.register, access(request)));

  app.get("/api/reports/holiday", async (request) => holidayReport(context, access(request), parseParams(holidayParamsSchema, request.query)));
  app.get("/api/reports/festival", async (request) => festivalReport(context, access(request), parseParams(festivalParamsSchema, request.query)));
  app.get("/api/reports/trend", async (request) => trendReport(context, access(request), parseParams(trendParamsSchema, request.query)));
  app.get("/api/reports/growth", async (request) => growthReport(context, access(request), parseParams(growthParamsSchema, request.query)));

  if (deps.dashboard ?? true) await app.register(dashboardPlugin);
  return app;
}
