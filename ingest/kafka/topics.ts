import type { Config } from "../../infra/config.ts";
import { type EventKind, eventKindNames, eventKinds, perEventKind } from "../kinds/registry.ts";

export interface EventTopics {
  /** The topic each kind of event arrives on. */
  byKind: Record<EventKind, string>;
  deadLetters: string;
}

export function eventTopics(config: Config): EventTopics {
  return { byKind: perEventKind((kind) => config[eventKinds[kind].topicSetting]), deadLetters: config.KAFKA_TOPIC_DLQ };
}

/** The topics events arrive on, one per kind. */
export function arrivalTopics(topics: EventTopics): string[] {
  return eventKindNames.map((kind) => topics.byKind[kind]);
}

/** The kind of event a topic carries, or undefined for a topic that carries none. */
export function kindOfTopic(topics: EventTopics, topic: string): EventKind | undefined {
  return eventKindNames.find((kind) => topics.byKind[kind] === topic);
}
