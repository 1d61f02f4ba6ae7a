import { DateTime } from "luxon";
import type { Warehouse } from "../infra/warehouse/port.ts";
import { openWarehouse } from "../infra/warehouse/open.ts";
import type { Runtime } from "../infra/cli/runtime.ts";
import { type Register, loadRegister, registerLookup } from "../transforms/register/register.ts";
import { migrate } from "../transforms/migrate.ts";
import { type MessageIngestor, createMessageIngestor } from "./pipeline/ingest-messages.ts";
import { createEventWriter } from "./write/event-writer.ts";

export interface IngestPath {
  warehouse: Warehouse;
  ingestor: MessageIngestor;
}

/**
 * The warehouse (schema ensured) and the validate-and-write path, for the worker, imports, replays
 * and `start`. Events are checked against `register`, or the configured register file when absent.
 */
export async function openIngestPath({ config, log }: Runtime, register?: Register): Promise<IngestPath> {
  const lookup = registerLookup(register ?? (await loadRegister(config.TOURISM_REGISTER)));
  const warehouse = await openWarehouse(config);
  try {
    await migrate(warehouse, log);
  } catch (err) {
    await warehouse.close();
    throw err;
  }
  const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() });
  return { warehouse, ingestor };
}
