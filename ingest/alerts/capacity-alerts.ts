import type { DateTime } from "luxon";
import { Gauge, type Registry } from "prom-client";
import { type Config, alertWebhooks } from "../../infra/config.ts";
import type { Logger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { Register } from "../../transforms/register/register.ts";
import { alertStore } from "./alert-store.ts";
import { type WrittenFootfall, createAlertEvaluator } from "./evaluator.ts";
import { startAlertOutbox } from "./outbox.ts";

/** After a write, its sites are evaluated within this long: writes meanwhile share the evaluation. */
const evaluationIntervalMs = 1000;
/** A crossing whose events were older than this when they were evaluated is history (late), not the state of the day. */
const lateAfterMinutes = 15;

export interface CapacityAlerts {
  /** The ingestor's onWritten hook. */
  written(footfall: readonly WrittenFootfall[]): void;
  stop(): Promise<void>;
}

/** Evaluation after each write, the level gauge, and the webhook outbox when webhooks are configured. */
export function startCapacityAlerts(deps: {
  warehouse: Warehouse;
  register: Register;
  config: Config;
  log: Logger;
  /** The clock the ingest path runs on (a demo's clock in a demo): what counts as late. */
  clock: () => DateTime;
  registry?: Registry;
}): CapacityAlerts {
  const log = deps.log.child({ module: "alerts" });
  const towns = new Map(deps.register.towns.map((t) => [t.town_id, t.name_zh]));
  const sites = new Map(deps.register.sites.map((s) => [s.site_id, { name: s.name_zh, town: towns.get(s.town_id) ?? s.town_id }]));
  const webhooks = alertWebhooks(deps.config);
  const outbox =
    webhooks.length > 0
      ? startAlertOutbox({
          store: alertStore(deps.warehouse),
          webhooks,
          message: { site: (id) => sites.get(id) ?? { name: id, town: "" }, publicUrl: deps.config.TOURISM_PUBLIC_URL },
          log,
          digestWindowMs: deps.config.TOURISM_ALERT_DIGEST_MINUTES * 60_000,
        })
      : undefined;
  const gauge = deps.registry
    ? new Gauge({
        name: "tourism_capacity_level",
        help: "Capacity level of a site today: 0 normal, 1 warning (80 %), 2 full (100 %)",
        labelNames: ["site", "measure"] as const,
        registers: [deps.registry],
      })
    : undefined;
  const evaluator = createAlertEvaluator({
    warehouse: deps.warehouse,
    register: deps.register,
    log,
    clock: deps.clock,
    lateAfterMs: lateAfterMinutes * 60_000,
    minIntervalMs: evaluationIntervalMs,
    ...(gauge ? { gauge } : {}),
    onRaised: () => outbox?.nudge(),
  });
  return {
    written: (footfall) => evaluator.written(footfall),
    async stop() {
      await evaluator.settled();
      await outbox?.stop();
    },
  };
}
