import type { Config } from "../../infra/config.ts";
import type { EventKind } from "../contracts/events.ts";

export interface EventTopics {
  tickets: string;
  footfall: string;
  deadLetters: string;
}

export function eventTopics(config: Config): EventTopics {
  return { tickets: config.KAFKA_TOPIC_TICKETS, footfall: config.KAFKA_TOPIC_FOOTFALL, deadLetters: config.KAFKA_TOPIC_DLQ };
}

/** The kind of event a topic carries, or undefined for a topic that carries neither. */
export function kindOfTopic(topics: EventTopics, topic: string): EventKind | undefined {
  if (topic === topics.tickets) return "ticket";
  if (topic === topics.footfall) return "footfall";
  return undefined;
}
