import type { DateTime } from "luxon";
import type { Logger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { createAlertEvaluator } from "../../ingest/alerts/evaluator.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { type Register, registerLookup } from "../../transforms/register/register.ts";

/** The Kafka worker's path in process, on `clock`: validate, write, then evaluate capacity levels. */
export function alertingPipeline(warehouse: Warehouse, register: Register, clock: () => DateTime, log: Logger) {
  const evaluator = createAlertEvaluator({ warehouse, register, log, clock, lateAfterMs: 15 * 60_000 });
  const ingestor = createMessageIngestor({
    writer: createEventWriter(warehouse),
    lookup: () => registerLookup(register),
    clock,
    onWritten: (footfall) => evaluator.written(footfall),
  });
  return { evaluator, ingestor };
}
