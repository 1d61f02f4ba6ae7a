import type { EventWriter, WriteSummary } from "../write/event-writer.ts";
import type { StorableEvent } from "../write/storable-event.ts";
import { duplicate, type MessageOutcome, written } from "./outcome.ts";

export type StoreSummary = Omit<WriteSummary, "refusals" | "duplicateEvents">;

/**
 * The store step: writes the valid events exactly once (see event-writer.ts) and gives each its
 * outcome, in the order given: written, duplicate, or a conflict or refusal with its reason.
 * Throws only when the warehouse fails for a reason other than the events' content.
 */
export async function storeEvents(writer: EventWriter, events: readonly StorableEvent[]): Promise<{ summary: StoreSummary; outcomes: MessageOutcome[] }> {
  const { refusals, duplicateEvents, ...summary } = await writer.write(events);
  const outcomes: MessageOutcome[] = new Array<MessageOutcome>(events.length).fill(written);
  if (refusals.length > 0 || duplicateEvents.length > 0) {
    const place = new Map(events.map((event, i) => [event, i]));
    for (const event of duplicateEvents) outcomes[place.get(event)!] = duplicate;
    for (const { event, cause, reason } of refusals) outcomes[place.get(event)!] = { tag: cause, reason };
  }
  return { summary, outcomes };
}
