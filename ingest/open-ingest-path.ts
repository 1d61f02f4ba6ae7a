import { DateTime } from "luxon";
import type { Registry } from "prom-client";
import type { Warehouse } from "../infra/warehouse/port.ts";
import { openWarehouse } from "../infra/warehouse/open.ts";
import type { Runtime } from "../infra/cli/runtime.ts";
import { type Register, loadRegister, registerLookup } from "../transforms/register/register.ts";
import { migrate } from "../transforms/migrate.ts";
import { type CapacityAlerts, startCapacityAlerts } from "./alerts/capacity-alerts.ts";
import { type StagedIngestor, type ValidationDeps, type WrittenHook, createMessageIngestor } from "./pipeline/ingest-messages.ts";
import { createEventWriter } from "./write/event-writer.ts";

export interface IngestPath {
  warehouse: Warehouse;
  ingestor: StagedIngestor;
  /** What the ingestor checks events against, for a path that validates without writing (run's queue onto Kafka). */
  validation: ValidationDeps;
  /** With `alerts`: capacity alerts evaluated after each write (stop it before closing the warehouse). */
  alerts?: CapacityAlerts;
}

/** Who else hears of each write: the Kafka worker's capacity alerts, or a caller's own hook. */
export interface IngestPathOptions {
  /** Events are checked against this register; the configured register file when absent. */
  register?: Register;
  /** Evaluate capacity alerts after each write, with their gauge in this registry. */
  alertsRegistry?: Registry;
  /** Called after each write with the footfall it stored (`start`'s live stream). */
  onWritten?: WrittenHook;
  /** The clock events are checked against and alerts are timed by (a demo's clock); the real one when absent. */
  clock?: () => DateTime;
}

/**
 * The warehouse (schema ensured) and the validate-and-write path, for the worker, imports, replays
 * and `start`.
 */
export async function openIngestPath({ config, log }: Runtime, options: IngestPathOptions = {}): Promise<IngestPath> {
  const register = options.register ?? (await loadRegister(config.TOURISM_REGISTER));
  const lookup = registerLookup(register);
  const warehouse = await openWarehouse(config);
  try {
    await migrate(warehouse, log);
  } catch (err) {
    await warehouse.close();
    throw err;
  }
  const clock = options.clock ?? (() => DateTime.now());
  const alerts = options.alertsRegistry ? startCapacityAlerts({ warehouse, register, config, log, clock, registry: options.alertsRegistry }) : undefined;
  const onWritten = alerts?.written ?? options.onWritten;
  const validation: ValidationDeps = { lookup: () => lookup, clock, futureToleranceMinutes: config.TOURISM_FUTURE_TOLERANCE_MINUTES };
  const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse, log), ...validation, ...(onWritten ? { onWritten } : {}) });
  return { warehouse, ingestor, validation, ...(alerts ? { alerts } : {}) };
}
