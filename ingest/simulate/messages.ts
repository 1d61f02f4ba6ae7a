import type { EventKind } from "../kinds/registry.ts";

/** One simulated message: its topic kind, Kafka key (the event id), wire text and arrival time (epoch ms). */
export interface SimMessage {
  kind: EventKind;
  key: string;
  text: string;
  at: number;
}
