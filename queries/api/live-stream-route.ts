import type { FastifyInstance, FastifyRequest } from "fastify";
import { type Access, roleName } from "../access/access.ts";
import { liveReport, type LiveOptions } from "../live/live.ts";
import { liveHub } from "../live/live-hub.ts";
import { streamLive } from "../live/live-stream.ts";
import type { WrittenSignal } from "../live/written-signal.ts";
import type { ReportContext } from "../reports/context.ts";
import { type ReportParamSchemas, parseParams } from "../reports/params.ts";
import { securityHeaders } from "../../infra/http/security-headers.ts";
import { type StreamLimits, streamSlots } from "./stream-slots.ts";

/** A refused stream may try again after this; the dashboard's reconnection backs off to the same. */
const retrySeconds = 30;

export interface LiveStreamRouteDeps {
  context: ReportContext;
  access: (request: FastifyRequest) => Access;
  /** Who holds the request's token (the same for every spelling of the header). */
  holder: (request: FastifyRequest) => string;
  schemas: ReportParamSchemas;
  live: LiveOptions;
  written: WrittenSignal | undefined;
  limits: StreamLimits;
}

/**
 * GET /api/live/stream: a stream per listener, a snapshot per channel. Streams past a token's
 * limit or the server's are refused with 429 before any query runs; closing the server ends them.
 */
export function liveStreamRoute(app: FastifyInstance, deps: LiveStreamRouteDeps): void {
  const hub = liveHub({ written: deps.written, log: app.log });
  app.addHook("preClose", async () => hub.close());
  const slots = streamSlots(deps.limits);
  app.get("/api/live/stream", async (request, reply) => {
    const params = parseParams(deps.schemas.liveStream, request.query);
    const who = deps.access(request);
    const release = slots.take(deps.holder(request));
    if (typeof release !== "function") {
      const error =
        release.refused === "token"
          ? `this token holds ${release.limit} open live streams, as many as one token may (TOURISM_LIVE_STREAMS_PER_TOKEN); close one or retry later`
          : `the server holds ${release.limit} open live streams, as many as it takes (TOURISM_LIVE_STREAMS_TOTAL); retry later`;
      return reply.code(429).header("retry-after", String(retrySeconds)).send({ error });
    }
    // Live figures hold no revenue: the role and the scope decide everything a snapshot shows.
    const channel = JSON.stringify([roleName(who), params.town ?? null, params.site ?? null, params.operator ?? null]);
    await streamLive(reply, { hub, channel, snapshot: () => liveReport(deps.context, who, params, deps.live), headers: securityHeaders, release });
  });
}
