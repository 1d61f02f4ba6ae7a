import { Counter, Histogram, type Registry } from "prom-client";

/** What POST /api/events counts, by the sender's role (staff, operator, device; never an id). */
export interface CollectMetrics {
  /** Events received, by role. */
  received: Counter<"role">;
  /** Events by role and outcome: written, queued (onto Kafka), duplicate, conflict, rejected (invalid or refused), forbidden (outside the sender's scope). */
  events: Counter<"role" | "outcome">;
  /** Requests answered before their events were read, by role and status: 403 planner, 413, 415, 429, 503. */
  refused: Counter<"role" | "status">;
  /**
   * Where a written request's time goes, by stage: decode (inflate, split, scope), validate,
   * wait (for the write in progress), write (the shared write: lookup and fsynced inserts).
   */
  stageSeconds: Histogram<"stage">;
}

export function createCollectMetrics(registry: Registry): CollectMetrics {
  const registers = [registry];
  return {
    received: new Counter({ name: "tourism_collect_events_received_total", help: "Events received at POST /api/events", labelNames: ["role"], registers }),
    events: new Counter({
      name: "tourism_collect_events_total",
      help: "Events of POST /api/events by outcome: written, queued, duplicate, conflict, rejected, forbidden",
      labelNames: ["role", "outcome"],
      registers,
    }),
    refused: new Counter({
      name: "tourism_collect_requests_refused_total",
      help: "Requests to POST /api/events refused as a whole, by HTTP status",
      labelNames: ["role", "status"],
      registers,
    }),
    stageSeconds: new Histogram({
      name: "tourism_collect_stage_seconds",
      help: "Seconds a request to POST /api/events spends per stage: decode, validate, wait (for the write in progress), write",
      labelNames: ["stage"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
  };
}
