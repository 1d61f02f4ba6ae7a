import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { loadConfig } from "../../infra/config.ts";
import { localToday } from "../../ingest/contracts/time.ts";
import type { SiteClock } from "../../ingest/live/site-clock.ts";
import { storedEventCount } from "../../ingest/write/stored-events.ts";
import { localImportBody, localImportPath, localSecretHeader } from "../../ingest/import/local-import.ts";
import type { MessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { localDuplicatesPath, storedDuplicates } from "../../ingest/write/stored-duplicates.ts";
import { type Access, AccessDenied, capabilities, cliStaff, readsNothing, roleName, visibleFestivals, visibleRegister } from "../access/access.ts";
import type { TokenBook } from "../access/tokens.ts";
import { type ReportEntry, reportCatalogue, reportTables } from "../present/report-catalogue.ts";
import { dashboardPlugin } from "../dashboard/plugin.ts";
import type { ReportContext } from "../reports/context.ts";
import { ParamError } from "../access/param-error.ts";
import { parseParams, reportParamSchemas } from "../reports/params.ts";
import { bulletinRoutes } from "./bulletin-routes.ts";
import { type CollectDeps, collectEventsRoute } from "./collect-events.ts";
import { sendCsv, sendSheets, takeFormat, takeLang } from "./downloads.ts";
import { xlsxSheets } from "../present/xlsx.ts";
import { UnknownAlert, acknowledgeAlert, acknowledgerBody, listAlerts } from "../live/alerts.ts";
import type { LiveOptions } from "../live/live.ts";
import type { WrittenSignal } from "../live/written-signal.ts";
import { hostName } from "./hosts.ts";
import { type BackUp, localBackupRoute } from "./local-backup-route.ts";
import { isLocalCaller } from "./local-credential.ts";
import { openApiDocument } from "./openapi.ts";
import { securedAnswers, securityHeaders } from "../../infra/http/security-headers.ts";
import { liveStreamRoute } from "./live-stream-route.ts";
import { type StreamLimits, streamLimits } from "./stream-slots.ts";
import type { Me } from "./schemas.ts";

export interface ServerDeps {
  context: ReportContext;
  tokens: TokenBook;
  /** pino logger for requests; none in tests. */
  logger?: FastifyBaseLogger;
  /** Serve the dashboard at `/` (default true). */
  dashboard?: boolean;
  /** Host names served (any port), see servedHosts; null or absent serves any. */
  hosts?: ReadonlySet<string> | null;
  /** Now, a demo's in a demo (which live answers then say); report dates are bounded by today at the sites (default the system clock). */
  clock?: SiteClock;
  /** Minutes any site may be silent in its opening hours before live figures call it stale, for all sites alike; absent: each site's own (freshness.ts). */
  staleMinutes?: number | undefined;
  /** New events written: /api/live/stream pushes a fresh snapshot (absent: the stream sends its first snapshot and heartbeats). */
  written?: WrittenSignal;
  /** Open live streams per token and in all (default: the configuration's defaults). */
  liveStreams?: StreamLimits;
  /**
   * The data directory owner's secret: a loopback caller presenting it acts as staff (the CLI on
   * the same directory). With an ingestor, POST /api/local/import writes such a caller's events;
   * with backUp, POST /api/local/backup backs the store up for it.
   */
  local?: { secret: string; ingestor?: MessageIngestor; backUp?: BackUp };
  /** POST /api/events through this ingest path (the data directory's owner only). */
  collect?: CollectDeps;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Answers without a token; every other route needs one (default deny). */
    public?: boolean;
    /** Answers the local credential only, never a bearer token. */
    local?: boolean;
    /** Takes events: the only kind of route a device token may use. */
    sends?: boolean;
  }
}

/**
 * The HTTP API: routes only translate HTTP to report calls and back; validation (zod) and access
 * control happen in the query layer, which throws ParamError (400) and AccessDenied (403).
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({ ...securedAnswers, ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }) });
  const accessOf = new WeakMap<FastifyRequest, Access>();
  /** Whose token a request came with (a digest), for the live streams each token may hold. */
  const holderOf = new WeakMap<FastifyRequest, string>();
  const access = (request: FastifyRequest): Access => {
    const holder = accessOf.get(request);
    if (!holder) throw new Error(`no identity on ${request.routeOptions.url}: the route is neither public nor authenticated`);
    return holder;
  };
  const { context, hosts } = deps;
  const clock: SiteClock = deps.clock ?? (() => DateTime.now());
  const schemas = reportParamSchemas(() => localToday(clock()), context.calendar);

  // Injected requests have no server response to carry them, so the headers are set on each answer too.
  app.addHook("onSend", async (_request, reply) => {
    reply.headers(securityHeaders);
  });
  app.addHook("onRequest", async (request, reply) => {
    const host = hostName(request.headers.host ?? "");
    if (hosts && !hosts.has(host)) {
      return reply.code(421).send({
        error: `Host ${JSON.stringify(host.slice(0, 64))} is not served here; expected one of ${[...hosts].join(", ")} (TOURISM_ALLOWED_HOSTS adds more)`,
      });
    }
  });
  // The route the router matched decides, never the raw URL (/%61pi/… and http://host/api/… match /api/…).
  app.addHook("onRequest", async (request, reply) => {
    if (request.routeOptions.config.public || request.is404) return;
    const local = deps.local !== undefined && isLocalCaller(request.socket.remoteAddress, request.headers[localSecretHeader], deps.local.secret);
    if (request.routeOptions.config.local && !local) return reply.code(403).send({ error: "only the local command line on this machine may use this path" });
    if (local && (request.routeOptions.config.local || request.headers.authorization === undefined)) {
      accessOf.set(request, cliStaff);
      return;
    }
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const holder = token === undefined ? undefined : deps.tokens.lookup(token);
    if (!holder || token === undefined)
      return reply.code(401).header("www-authenticate", "Bearer").send({ error: "a valid bearer token is required (Authorization: Bearer <token>)" });
    if (readsNothing(holder) && !request.routeOptions.config.sends)
      return reply.code(403).send({ error: `${roleName(holder)} sends gate counts and reads nothing` });
    accessOf.set(request, holder);
    holderOf.set(request, createHash("sha256").update(token).digest("hex"));
  });

  app.setErrorHandler(async (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof ParamError) return reply.code(400).send({ error: err.message });
    if (err instanceof AccessDenied) return reply.code(403).send({ error: err.message });
    if (err instanceof UnknownAlert) return reply.code(404).send({ error: err.message });
    // The framework's own refusals (bad JSON 400, body too large 413, media type 415) are the client's.
    const status = err instanceof Error && "statusCode" in err ? err.statusCode : undefined;
    if (typeof status === "number" && status >= 400 && status < 500)
      return reply.code(status).send({ error: err instanceof Error ? err.message : "bad request" });
    request.log.error({ err }, "request failed");
    return reply.code(500).send({ error: "internal error" });
  });
  // Answered without a token, so it says nothing about the request or the server.
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: "no such path" }));

  app.get("/healthz", { config: { public: true } }, async () => ({ status: "ok" }));
  app.get("/api/openapi.json", { config: { public: true } }, async () => openApiDocument(schemas));
  app.get("/api/me", async (request): Promise<Me> => {
    const who = access(request);
    return {
      role: roleName(who),
      operator_id: who.role === "operator" ? who.operator_id : null,
      name: who.name,
      alliance: context.naming.alliance,
      capabilities: capabilities(who, context.register),
      today: localToday(clock()),
      events_stored: await storedEventCount(context.warehouse).catch((err: unknown) => {
        request.log.warn({ err }, "stored events not counted");
        return null;
      }),
    };
  });
  app.get("/api/sites", async (request) => visibleRegister(context.register, access(request)));
  app.get("/api/holidays", async () =>
    context.calendar.periods.map(({ key, keys, year, name_zh, start, end, days }) => ({ key, keys, year, name_zh, start, end, days })),
  );
  app.get("/api/festivals", async (request) => visibleFestivals(context.festivals, context.register, access(request)));

  const live: LiveOptions = { clock, ...(deps.staleMinutes !== undefined && { staleMinutes: deps.staleMinutes }) };
  // Each report as JSON, or with ?format=csv|xlsx its tables as a download (headers in ?lang=zh|en).
  const reports: [string, ReportEntry<unknown, unknown>][] = Object.entries(reportCatalogue);
  for (const [name, report] of reports) {
    app.get(report.api, async (request, reply) => {
      const { format, rest: query } = takeFormat(request.query, ["json", "csv", "xlsx"]);
      const { lang, rest } = takeLang(query);
      const answer = await report.run(context, access(request), report.parse(schemas, rest), live);
      if (format === "xlsx") return sendSheets(reply, name, xlsxSheets(name, reportTables(report, answer)), lang);
      return format === "csv" ? sendCsv(reply, name, reportTables(report, answer), lang) : answer;
    });
  }
  bulletinRoutes(app, context, access, schemas, () => localToday(clock()));
  liveStreamRoute(app, {
    context,
    access,
    holder: (request) => holderOf.get(request) ?? "local command line",
    schemas,
    live,
    written: deps.written,
    limits: deps.liveStreams ?? streamLimits(loadConfig({})),
  });
  app.get("/api/alerts", async (request) => ({ alerts: await listAlerts(context, access(request), parseParams(schemas.alerts, request.query)) }));
  app.post<{ Params: { id: string } }>("/api/alerts/:id/ack", async (request) => {
    const who = access(request);
    const body = acknowledgerBody.safeParse(request.body ?? undefined);
    if (!body.success) throw new ParamError("by", body.error.issues[0]!.message);
    // Only the local command line (the owner's secret) names who acknowledges; a token holder is who it is.
    if (body.data && who !== cliStaff)
      throw new ParamError("by", "only the command line on this machine names who acknowledges; a token acknowledges as its holder");
    return acknowledgeAlert(context, body.data ? { ...who, name: body.data.by } : who, request.params.id, clock());
  });

  app.get(localDuplicatesPath, { config: { local: true } }, async () => ({ duplicates: await storedDuplicates(context.warehouse) }));

  const ingestor = deps.local?.ingestor;
  if (ingestor) {
    // One import write (20,000 lines by default) per request.
    app.post(localImportPath, { config: { local: true }, bodyLimit: 256 * 1024 * 1024 }, async (request, reply) => {
      const body = localImportBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ error: `body: ${body.error.issues[0]!.path.join(".")}: ${body.error.issues[0]!.message}` });
      return ingestor.ingest(body.data.messages);
    });
  }

  if (deps.local?.backUp) localBackupRoute(app, deps.local.backUp);
  if (deps.collect) await collectEventsRoute(app, deps.collect, access);
  if (deps.dashboard ?? true) await app.register(dashboardPlugin);
  return app;
}
