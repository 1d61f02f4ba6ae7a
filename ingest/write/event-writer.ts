import { z } from "zod";
import type { Logger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type EventKind, eventKindNames, eventKinds, perEventKind } from "../kinds/registry.ts";
import { insertIsolatingRefusals } from "./isolate-refusals.ts";
import { insertColumns, type StorableEvent } from "./storable-event.ts";
import { storedIdsOf } from "./stored-ids.ts";
import { whileWritesPaused } from "./writes-paused.ts";

export interface KindSummary {
  written: number;
  /** Events with the content their event_id keeps: the stored event's, or else the batch's first with that id. */
  duplicates: number;
  /** Events with other content than their event_id keeps. */
  conflicts: number;
  /** Events the warehouse refused for their content. */
  refused: number;
}

/** An event not written, and why: a conflicting id, or the engine's own message. */
export interface EventRefusal {
  event: StorableEvent;
  cause: "conflict" | "refused";
  reason: string;
}

export interface WriteSummary extends KindSummary {
  byKind: Record<EventKind, KindSummary>;
  refusals: EventRefusal[];
  /** The events counted as duplicates, for callers that answer per event (the HTTP collector). */
  duplicateEvents: StorableEvent[];
}

export interface EventWriter {
  /**
   * Stores each event whose event_id is not stored yet; safe to call again with the same events.
   * Conflicts and rows the warehouse refuses come back as refusals; other failures are thrown.
   */
  write(events: readonly StorableEvent[]): Promise<WriteSummary>;
}

const storedRow = z.object({ event_id: z.string(), content_digest: z.string() });
/** Ids per lookup query: keeps the bound parameter well under the server's query size limit. */
const lookupChunk = 20_000;

const conflict = (event: StorableEvent): EventRefusal => ({
  event,
  cause: "conflict",
  reason: `conflicts with stored event ${JSON.stringify(event.eventId)}: same event_id, different content`,
});

/**
 * The one way events enter the warehouse. Exactly-once rests on two facts: each data part holds
 * its rows and their daily aggregates (projections) together, so a crash leaves an event either
 * fully counted or absent; and an event is inserted only if its id is not stored yet. Lookup and
 * insert run under one lock, so two batches in this process never race on the same id. The first
 * content stored under an id stays: the same content again is a duplicate, other content a conflict.
 * On the embedded engine, the only writer of its data, ids its StoredIds rules out skip the lookup.
 */
export function createEventWriter(warehouse: Warehouse, log?: Logger): EventWriter {
  const storedIds = storedIdsOf(warehouse, log);

  /** Digest per stored id; '' for rows stored before digests were kept. */
  async function storedDigests(table: string, ids: string[]): Promise<Map<string, string>> {
    const stored = new Map<string, string>();
    for (let i = 0; i < ids.length; i += lookupChunk) {
      const rows = await warehouse.query(
        `SELECT event_id, content_digest FROM ${table} WHERE event_id IN {ids:Array(String)}`,
        { ids: ids.slice(i, i + lookupChunk) },
        storedRow,
      );
      for (const row of rows) if (!stored.has(row.event_id)) stored.set(row.event_id, row.content_digest);
    }
    return stored;
  }

  async function writeKind(
    kind: EventKind,
    events: StorableEvent[],
    rows: number | undefined,
  ): Promise<{ summary: KindSummary; refusals: EventRefusal[]; duplicateEvents: StorableEvent[] }> {
    const { table } = eventKinds[kind];
    const refusals: EventRefusal[] = [];
    const duplicateEvents: StorableEvent[] = [];
    if (events.length === 0) return { summary: { written: 0, duplicates: 0, conflicts: 0, refused: 0 }, refusals, duplicateEvents };
    const ids = [...new Set(events.map((e) => e.eventId))];
    const stored = await storedDigests(table, storedIds ? await storedIds.mayHold(table, ids, rows) : ids);
    // Each line meets the content its id keeps: the stored event's, or else the first line's in
    // this write, which is the one written (kept track of only when an id comes twice in it).
    const fresh: StorableEvent[] = [];
    const firstInWrite = ids.length < events.length ? new Map<string, string>() : undefined;
    for (const event of events) {
      const kept = stored.get(event.eventId) ?? firstInWrite?.get(event.eventId);
      if (kept === undefined) {
        firstInWrite?.set(event.eventId, event.digest);
        fresh.push(event);
      } else if (kept === "" || kept === event.digest) duplicateEvents.push(event);
      else refusals.push(conflict(event));
    }
    storedIds?.adding(
      table,
      fresh.map((e) => e.eventId),
    );
    const refused = await insertIsolatingRefusals(fresh, {
      insert: (items) => {
        const insert = () => warehouse.insert(table, { columns: insertColumns[kind], lines: items.map((e) => e.line) });
        return storedIds ? storedIds.inserting(table, insert) : insert();
      },
      stored: async (items) => {
        const landed = await storedDigests(
          table,
          items.map((e) => e.eventId),
        );
        return new Set(items.filter((e) => landed.has(e.eventId)));
      },
    }).catch((err: unknown) => {
      storedIds?.added(table, undefined);
      throw err;
    });
    storedIds?.added(table, fresh.length - refused.length);
    for (const { item, reason } of refused) refusals.push({ event: item, cause: "refused", reason });
    const conflicts = refusals.length - refused.length;
    return {
      summary: { written: fresh.length - refused.length, duplicates: duplicateEvents.length, conflicts, refused: refused.length },
      refusals,
      duplicateEvents,
    };
  }

  async function writeBatch(events: readonly StorableEvent[]): Promise<WriteSummary> {
    const written = new Map<EventKind, Awaited<ReturnType<typeof writeKind>>>();
    const eventsOf = perEventKind((kind) => events.filter((e) => e.kind === kind));
    // The rows of every table this write goes into, for the filter's check: known, or counted in one
    // statement after a statement other than the writer's own inserts changed rows.
    const tables = eventKindNames.filter((kind) => eventsOf[kind].length > 0).map((kind) => eventKinds[kind].table);
    const rows = storedIds && tables.length > 0 ? await storedIds.rowCounts(tables) : undefined;
    // The kinds' inserts run side by side (see the warehouse's insert); the write ends when all have.
    const kinds = await Promise.allSettled(eventKindNames.map((kind) => writeKind(kind, eventsOf[kind], rows?.get(eventKinds[kind].table))));
    for (const [i, kind] of eventKindNames.entries()) {
      const result = kinds[i]!;
      if (result.status === "rejected") throw result.reason;
      written.set(kind, result.value);
    }
    const byKind = perEventKind((kind) => written.get(kind)!.summary);
    const total = (key: keyof KindSummary) => eventKindNames.reduce((sum, kind) => sum + byKind[kind][key], 0);
    return {
      written: total("written"),
      duplicates: total("duplicates"),
      conflicts: total("conflicts"),
      refused: total("refused"),
      byKind,
      refusals: eventKindNames.flatMap((kind) => written.get(kind)!.refusals),
      duplicateEvents: eventKindNames.flatMap((kind) => written.get(kind)!.duplicateEvents),
    };
  }

  return {
    write: (events) => whileWritesPaused(warehouse, () => writeBatch(events)),
  };
}
