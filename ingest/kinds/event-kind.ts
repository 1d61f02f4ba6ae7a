import type { DateTime } from "luxon";
import type { z } from "zod";
import type { Config } from "../../infra/config.ts";
import type { RegisterLookup } from "../../transforms/register/register.ts";

/** Where a message came from: a topic partition and offset, an import file and line, or an HTTP request's sender and place in it. */
export interface EventSource {
  kind: "kafka" | "file" | "http";
  name: string;
  partition: number;
  position: number;
}

/** Every stored row records where its event came from. */
export interface SourceColumns {
  source_kind: EventSource["kind"];
  source_name: string;
  source_partition: number;
  source_position: number;
}

/** The source columns' names, in the order inserts list them. */
export const sourceColumnNames: readonly (keyof SourceColumns)[] = ["source_kind", "source_name", "source_partition", "source_position"];

export function sourceColumns(source: EventSource): SourceColumns {
  return { source_kind: source.kind, source_name: source.name, source_partition: source.partition, source_position: source.position };
}

/** A warehouse row, or in words why the event cannot be stored. */
export type RowResult<Row> = { row: Row } | { reason: string };

/**
 * What a kind contributes to the reports' daily figures: aggregates over its table's rows, fixed SQL
 * fragments that must use the daily projection's measures and keys only, so the reports stay on
 * the projections. A kind contributes nothing to a figure it leaves out.
 */
export interface DailyFigureSql {
  /** Visitors (entries at the gates). */
  visitors?: string;
  /** Revenue in fen (sales − refunds). */
  revenueFen?: string;
  /**
   * How many operators had revenue in the rows, an aggregate the projection holds word for word:
   * exact up to `upTo`, upTo + 1 for more. Reports judge whose revenue a figure may show from it.
   */
  revenueOperators?: { count: string; upTo: number };
}

/**
 * One kind of event, end to end: its wire contract, how a valid event becomes a warehouse row, where
 * it is stored and carried, what identifies its content, and what it adds to the reports.
 */
export interface EventKindSpec<Kind extends string, Wire, Fields> {
  kind: Kind;
  /** Wire format of the kind's Kafka messages and import lines. */
  schema: z.ZodType<Wire>;
  /**
   * The row: the kind's columns, normalised and checked against the register, and the source's.
   * The row is built as one object literal: spreading a second object into it halves validation speed.
   * Its time lies between 2015 and `now` plus `toleranceMinutes` (TOURISM_FUTURE_TOLERANCE_MINUTES).
   */
  toRow(event: Wire, register: RegisterLookup, now: DateTime, source: SourceColumns, toleranceMinutes: number): RowResult<Fields & SourceColumns>;
  /** The row's own columns (every key of `toRow`'s row but the source's), in the order inserts list them. */
  columns: readonly (keyof Fields)[];
  /** Its raw table (see transforms/migrations), holding the daily projections too. */
  table: `${Kind}_events`;
  /** The setting that names the kind's Kafka topic. */
  topicSetting: Extract<keyof Config, `KAFKA_TOPIC_${string}`>;
  /**
   * The contract fields, normalised, that make up the content's identity (see content-digest.ts),
   * in a fixed order: changing it changes every stored digest.
   */
  digestFields: readonly (keyof Fields)[];
  dailyFigures: DailyFigureSql;
}
