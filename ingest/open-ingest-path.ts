import { DateTime } from "luxon";
import type { Registry } from "prom-client";
import type { Warehouse } from "../infra/warehouse/port.ts";
import { openWarehouse } from "../infra/warehouse/open.ts";
import type { Runtime } from "../infra/cli/runtime.ts";
import { loadRegister, registerLookup } from "../transforms/register/register.ts";
import { migrate } from "../transforms/migrate.ts";
import { type CapacityAlerts, startCapacityAlerts } from "./alerts/capacity-alerts.ts";
import { type MessageIngestor, createMessageIngestor } from "./pipeline/ingest-messages.ts";
import { createEventWriter } from "./write/event-writer.ts";

export interface IngestPath {
  warehouse: Warehouse;
  ingestor: MessageIngestor;
  /** With `alerts`: capacity alerts evaluated after each write (stop it before closing the warehouse). */
  alerts?: CapacityAlerts;
}

/** The warehouse (schema ensured) and the validate-and-write path, for the worker, imports and replays. */
export async function openIngestPath({ config, log }: Runtime, withAlerts?: { registry: Registry }): Promise<IngestPath> {
  const register = await loadRegister(config.TOURISM_REGISTER);
  const lookup = registerLookup(register);
  const warehouse = await openWarehouse(config);
  await migrate(warehouse, log);
  const alerts = withAlerts ? startCapacityAlerts({ warehouse, register, config, log, registry: withAlerts.registry }) : undefined;
  const ingestor = createMessageIngestor({
    writer: createEventWriter(warehouse),
    lookup: () => lookup,
    clock: () => DateTime.now(),
    ...(alerts ? { onWritten: alerts.written } : {}),
  });
  return { warehouse, ingestor, ...(alerts ? { alerts } : {}) };
}
