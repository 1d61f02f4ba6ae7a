import { DateTime } from "luxon";
import type { Warehouse } from "../infra/warehouse/port.ts";
import { openWarehouse } from "../infra/warehouse/open.ts";
import type { Runtime } from "../infra/cli/runtime.ts";
import { loadRegister, registerLookup } from "../transforms/register/register.ts";
import { migrate } from "../transforms/migrate.ts";
import { type MessageIngestor, createMessageIngestor } from "./pipeline/ingest-messages.ts";
import { createEventWriter } from "./write/event-writer.ts";

export interface IngestPath {
  warehouse: Warehouse;
  ingestor: MessageIngestor;
}

/** The warehouse (schema ensured) and the validate-and-write path, for the worker, imports and replays. */
export async function openIngestPath({ config, log }: Runtime): Promise<IngestPath> {
  const lookup = registerLookup(await loadRegister(config.TOURISM_REGISTER));
  const warehouse = await openWarehouse(config);
  await migrate(warehouse, log);
  const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() });
  return { warehouse, ingestor };
}
