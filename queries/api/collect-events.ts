import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { WarehouseError } from "../../infra/warehouse/port.ts";
import { type EventQueue, QueueUnavailableError } from "../../ingest/kafka/event-queue.ts";
import type { IncomingMessage, StagedIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { type OwnOutcome, createSharedWrites } from "../../ingest/pipeline/shared-writes.ts";
import type { MessageOutcome } from "../../ingest/steps/outcome.ts";
import { settleOutcomes } from "../../ingest/steps/settle-outcomes.ts";
import type { Register } from "../../transforms/register/register.ts";
import { type Access, roleName } from "../access/access.ts";
import { sendScope } from "../access/send-scope.ts";
import type { CollectAnswer, EventOutcome } from "./collect-answer.ts";
import { collectLimits, collectMediaTypes, decodeEventsBody } from "./collect-body.ts";
import type { CollectMetrics } from "./collect-metrics.ts";
import { createRateLimiter } from "./collect-rate.ts";

export const collectPath = "/api/events";

/** After a failed write, senders are asked to come back this much later; meanwhile requests are answered 503 unread. */
const stallRetryAfterSeconds = 5;
/** Concurrent requests share a write up to this many events (as many as an import's write). */
const maxSharedWriteEvents = 20_000;
/**
 * A write that would hold fewer requests than there were as the one before ended waits for more
 * while they come less than this far apart: a few times what reading and validating a request of
 * 500 events takes.
 */
const regroupMs = 30;

export interface CollectDeps {
  /** The data directory owner's validate-and-write path. */
  ingestor: StagedIngestor;
  /** With Kafka (`run` with KAFKA_BROKERS): valid events go onto the topics instead, answered "queued", and the worker writes them. */
  queue?: EventQueue;
  register: Register;
  /** Requests a token may make a minute (TOURISM_COLLECT_REQUESTS_PER_MINUTE). */
  requestsPerMinute: number;
  metrics: CollectMetrics;
  now?: () => number;
}

/** The sender's rate-limit key: its token's digest (the book keeps only digests too), or the local command line. */
function senderKey(request: FastifyRequest): string {
  const auth = request.headers.authorization;
  return auth === undefined ? "local" : createHash("sha256").update(auth).digest("hex");
}

/**
 * POST /api/events: producers without Kafka send events of the ingest contracts; each goes through
 * the owner's validate-and-write path and the answer gives one outcome per event, in order, once the
 * written ones are stored (inserted parts are fsynced) — or, with a queue, once the valid ones are on
 * their topics (acks=all). Requests that come while a write is in progress share the next one, each
 * answered with its own events' outcomes. A retry is safe: identity is event_id.
 * Cheap refusals come before the body is read: planner 403, 429 past the sender's rate, 503 while
 * writes fail.
 */
export async function collectEventsRoute(app: FastifyInstance, deps: CollectDeps, access: (request: FastifyRequest) => Access): Promise<void> {
  const now = deps.now ?? Date.now;
  const limiter = createRateLimiter(deps.requestsPerMinute, now);
  let failedAt: number | undefined;
  const accepted = deps.queue ? "queued" : "written";
  const writes = createSharedWrites(deps.ingestor, { maxEvents: maxSharedWriteEvents, regroupMs });
  const refuse = (reply: FastifyReply, who: Access, status: number, error: string, retryAfter?: number) => {
    deps.metrics.refused.inc({ role: who.role, status: String(status) });
    if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
    return reply.code(status).send({ error });
  };

  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const who = access(request);
    if (who.role === "planner") return refuse(reply, who, 403, `${roleName(who)} may not send events`);
    const wait = limiter.take(senderKey(request));
    if (wait > 0) return refuse(reply, who, 429, `more than ${deps.requestsPerMinute} requests a minute from this token; retry after ${wait} s`, wait);
    const stalled = failedAt === undefined ? 0 : stallRetryAfterSeconds - Math.floor((now() - failedAt) / 1000);
    if (stalled > 0) return refuse(reply, who, 503, `${deps.queue ? "Kafka is not taking events" : "writes are failing"}; retry after ${stalled} s`, stalled);
  };

  await app.register(async (scope) => {
    // Bodies are read as bytes here and decoded with their bounds; no other route takes these types.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([...collectMediaTypes], { parseAs: "buffer", bodyLimit: collectLimits.bytes }, (_request, body, done) => done(null, body));
    scope.post(collectPath, { config: { sends: true }, bodyLimit: collectLimits.bytes, onRequest: guard }, async (request, reply) => {
      const who = access(request);
      const arrived = performance.now();
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const encoding = request.headers["content-encoding"];
      const body = decodeEventsBody(raw, request.headers["content-type"], Array.isArray(encoding) ? encoding.join(",") : encoding);
      if (!body.ok) return refuse(reply, who, body.status, body.error);
      const role = who.role;
      deps.metrics.received.inc({ role }, body.items.length);

      const check = sendScope(who, deps.register);
      const outcomes: EventOutcome[] = [];
      const sent: IncomingMessage[] = [];
      const placeOf: number[] = [];
      const source = { kind: "http" as const, name: roleName(who), partition: 0 };
      for (const [index, item] of body.items.entries()) {
        const eventId = typeof item.fields?.event_id === "string" ? item.fields.event_id : null;
        // An event that is not even an object is left to validation, which says what is wrong with it.
        const forbidden = item.fields ? check(item.fields) : undefined;
        outcomes.push(forbidden ? { event_id: eventId, outcome: "rejected", reason: `forbidden: ${forbidden}` } : { event_id: eventId, outcome: accepted });
        if (forbidden) continue;
        placeOf.push(index);
        sent.push({ text: item.text, source: { ...source, position: index } });
      }
      deps.metrics.events.inc({ role, outcome: "forbidden" }, body.items.length - sent.length);
      if (sent.length === 0)
        return refuse(reply, who, 403, `none of the ${body.items.length} events is this token's to send: ${outcomes[0]!.reason!.slice("forbidden: ".length)}`);

      const decoded = performance.now();
      let taken: MessageOutcome[];
      let written: OwnOutcome | undefined;
      try {
        if (deps.queue) taken = await deps.queue.queue(sent);
        else {
          written = await writes.ingest(sent);
          taken = written.outcomes;
        }
      } catch (err) {
        if (!(err instanceof WarehouseError) && !(err instanceof QueueUnavailableError)) throw err;
        failedAt = now();
        request.log.warn({ err, ...(err instanceof WarehouseError ? { failure: err.failure } : {}) }, "events not taken; the sender is asked to retry");
        return refuse(
          reply,
          who,
          503,
          `the events could not be ${accepted} now; retry after ${stallRetryAfterSeconds} s (nothing was stored twice)`,
          stallRetryAfterSeconds,
        );
      }
      failedAt = undefined;
      if (written !== undefined) {
        deps.metrics.stageSeconds.observe({ stage: "decode" }, (decoded - arrived) / 1000);
        for (const [stage, seconds] of Object.entries(written.seconds)) deps.metrics.stageSeconds.observe({ stage }, seconds);
      }
      settleOutcomes(sent, taken, {
        accepted: (_, position, tag) => (outcomes[placeOf[position]!]!.outcome = tag),
        duplicate: (_, position) => (outcomes[placeOf[position]!]!.outcome = "duplicate"),
        rejected: (_, { tag, reason }, position) => {
          const outcome = outcomes[placeOf[position]!]!;
          outcome.outcome = tag === "conflict" ? "conflict" : "rejected";
          outcome.reason = reason;
        },
      });
      const count = (name: EventOutcome["outcome"]) => outcomes.filter((o) => o.outcome === name).length;
      const answer: CollectAnswer = {
        received: outcomes.length,
        written: count("written"),
        queued: count("queued"),
        duplicates: count("duplicate"),
        conflicts: count("conflict"),
        rejected: count("rejected"),
        events: outcomes,
      };
      deps.metrics.events.inc({ role, outcome: "written" }, answer.written);
      deps.metrics.events.inc({ role, outcome: "queued" }, answer.queued);
      deps.metrics.events.inc({ role, outcome: "duplicate" }, answer.duplicates);
      deps.metrics.events.inc({ role, outcome: "conflict" }, answer.conflicts);
      deps.metrics.events.inc({ role, outcome: "rejected" }, answer.rejected - (body.items.length - sent.length));
      return answer;
    });
  });
}
