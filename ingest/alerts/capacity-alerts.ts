import type { DateTime } from "luxon";
import { Gauge, type Registry } from "prom-client";
import type { Config } from "../../infra/config.ts";
import type { Logger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { Register } from "../../transforms/register/register.ts";
import { alertStore } from "./alert-store.ts";
import { type WrittenFootfall, createAlertEvaluator } from "./evaluator.ts";
import { startAlertOutbox } from "./outbox.ts";

/** A crossing whose events were older than this when they were evaluated is history (late), not the state of the day. */
const lateAfterMinutes = 15;

export interface CapacityAlerts {
  /** The ingestor's onWritten hook. */
  written(footfall: readonly WrittenFootfall[]): void;
  stop(): Promise<void>;
}

/** Evaluation after each write, the level gauge, and the webhook outbox when TOURISM_ALERT_WEBHOOKS is set. */
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
  const names = new Map(deps.register.sites.map((s) => [s.site_id, s.name_zh]));
  const webhooks = deps.config.TOURISM_ALERT_WEBHOOKS ?? [];
  const outbox =
    webhooks.length > 0
      ? startAlertOutbox({
          store: alertStore(deps.warehouse),
          webhooks,
          siteName: (id) => names.get(id) ?? id,
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
