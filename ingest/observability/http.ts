import Fastify, { type FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { securedAnswers } from "../../infra/http/security-headers.ts";

/**
 * /metrics for Prometheus and /healthz (200 while `healthy()` holds, else 503), on loopback; every
 * answer with the API's security headers.
 * `notices` adds what a person should know without the worker being unhealthy (skipped batches).
 */
export async function serveObservability(
  port: number,
  registry: Registry,
  healthy: () => boolean,
  notices: () => Record<string, unknown> = () => ({}),
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, ...securedAnswers });
  app.get("/metrics", async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  app.get("/healthz", async (_request, reply) => reply.code(healthy() ? 200 : 503).send({ status: healthy() ? "ok" : "starting", ...notices() }));
  await app.listen({ host: "127.0.0.1", port });
  return app;
}
