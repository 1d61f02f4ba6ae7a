import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { EventKind } from "../contracts/events.ts";
import type { FootfallRow, TicketRow, ValidEvent } from "../contracts/validate.ts";

export interface KindSummary {
  written: number;
  /** Events whose event_id was already stored, or repeated within the batch. */
  duplicates: number;
}

export interface WriteSummary extends KindSummary {
  byKind: Record<EventKind, KindSummary>;
}

export interface EventWriter {
  /** Stores each event whose event_id is not stored yet; safe to call again with the same events. */
  write(events: readonly ValidEvent[]): Promise<WriteSummary>;
}

const tables = { ticket: "ticket_events", footfall: "footfall_events" } as const;
const idRow = z.object({ event_id: z.string() });
/** Ids per lookup query: keeps the bound parameter well under the server's query size limit. */
const lookupChunk = 20_000;

/**
 * The one way events enter the warehouse. Exactly-once rests on two facts: each data part holds
 * its rows and their daily aggregates (projections) together, so a crash leaves an event either
 * fully counted or absent; and an event is inserted only if its id is not stored yet. Lookup and
 * insert run under one lock, so two batches in this process never race on the same id.
 */
export function createEventWriter(warehouse: Warehouse): EventWriter {
  let tail: Promise<unknown> = Promise.resolve();

  async function storedIds(table: string, ids: string[]): Promise<Set<string>> {
    const stored = new Set<string>();
    for (let i = 0; i < ids.length; i += lookupChunk) {
      const rows = await warehouse.query(
        `SELECT DISTINCT event_id FROM ${table} WHERE event_id IN {ids:Array(String)}`,
        { ids: ids.slice(i, i + lookupChunk) },
        idRow,
      );
      for (const row of rows) stored.add(row.event_id);
    }
    return stored;
  }

  async function writeKind(table: string, rows: (TicketRow | FootfallRow)[]): Promise<KindSummary> {
    if (rows.length === 0) return { written: 0, duplicates: 0 };
    const firstById = new Map<string, TicketRow | FootfallRow>();
    for (const row of rows) if (!firstById.has(row.event_id)) firstById.set(row.event_id, row);
    const stored = await storedIds(table, [...firstById.keys()]);
    const fresh = [...firstById.values()].filter((row) => !stored.has(row.event_id));
    await warehouse.insert(table, fresh as unknown as Record<string, unknown>[]);
    return { written: fresh.length, duplicates: rows.length - fresh.length };
  }

  async function writeBatch(events: readonly ValidEvent[]): Promise<WriteSummary> {
    const tickets: TicketRow[] = [];
    const footfall: FootfallRow[] = [];
    for (const event of events) {
      if (event.kind === "ticket") tickets.push(event.row);
      else footfall.push(event.row);
    }
    const ticket = await writeKind(tables.ticket, tickets);
    const foot = await writeKind(tables.footfall, footfall);
    return { written: ticket.written + foot.written, duplicates: ticket.duplicates + foot.duplicates, byKind: { ticket, footfall: foot } };
  }

  return {
    write(events) {
      const next = tail.then(() => writeBatch(events));
      tail = next.catch(() => undefined);
      return next;
    },
  };
}
