import type { FootfallEvent, TicketEvent } from "../contracts/events.ts";
import type { EventKindSpec, SourceColumns } from "./event-kind.ts";
import { type FootfallFields, footfallKind } from "./footfall.ts";
import { type TicketFields, ticketKind } from "./ticket.ts";

/** Each kind's wire format and warehouse columns: the one list of kinds the types follow. */
interface KindTypes {
  ticket: { wire: TicketEvent; fields: TicketFields };
  footfall: { wire: FootfallEvent; fields: FootfallFields };
}

export type EventKind = keyof KindTypes;
export type FieldsOf<K extends EventKind> = KindTypes[K]["fields"];
export type EventKindOf<K extends EventKind> = EventKindSpec<K, KindTypes[K]["wire"], FieldsOf<K>>;

/** Every kind of event the pipeline takes. Validation, writing, topics and reports iterate it. */
export const eventKinds: { readonly [K in EventKind]: EventKindOf<K> } = { ticket: ticketKind, footfall: footfallKind };

/** The kinds in a fixed order (writes, listings). */
export const eventKindNames = Object.keys(eventKinds) as EventKind[];

/** The raw tables of all kinds. */
export type EventTable = EventKindOf<EventKind>["table"];

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === "string" && Object.hasOwn(eventKinds, value);
}

/** A validated event of one kind, ready to be written: its row and the kind that says which table. */
export type ValidEventOf<K extends EventKind> = { [P in K]: { kind: P; row: FieldsOf<P> & SourceColumns } }[K];
export type ValidEvent = ValidEventOf<EventKind>;

/** One value per kind. */
export function perEventKind<T>(value: (kind: EventKind) => T): Record<EventKind, T> {
  return Object.fromEntries(eventKindNames.map((kind) => [kind, value(kind)])) as Record<EventKind, T>;
}
