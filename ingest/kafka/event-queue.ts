import type { Kafka } from "kafkajs";
import { createReliableProducer, ensureTopics } from "../../infra/kafka/client.ts";
import { type IncomingMessage, type ValidationDeps, validateMessages } from "../pipeline/ingest-messages.ts";
import { type MessageOutcome, queued } from "../steps/outcome.ts";
import { arrivalTopics, type EventTopics } from "./topics.ts";
import { defaultWorkerSettings } from "./worker-settings.ts";

/** The topics could not take the events now (the broker down, or not all in-sync replicas answering); none is acknowledged. */
export class QueueUnavailableError extends Error {}

/** Retries of one produce before the producer gives it up, so that sends do not pile up behind an absent broker. */
const produceRetries = 5;
/**
 * How long a request waits for the broker's acknowledgement before its sender is answered 503 (its
 * reconnects and metadata refreshes can take kafkajs minutes). A produce still under way may land
 * later; the sender's retry is then a duplicate, which the worker recognises by event_id.
 */
const produceDeadlineMs = 10_000;

export interface EventQueue {
  /**
   * Validates each message as the worker would and produces the valid ones to their kind's topic,
   * keyed by event_id (as every producer keys them), resolving once every in-sync replica has them
   * (acks=all); returns each message's outcome in order: queued, or invalid with its reason. The
   * worker decides duplicates and conflicts.
   */
  queue(messages: readonly IncomingMessage[]): Promise<MessageOutcome[]>;
  close(): Promise<void>;
}

/** The collector's way to Kafka: validated events onto the topics the ingest worker consumes. */
export async function openEventQueue(kafka: Kafka, topics: EventTopics, validation: ValidationDeps): Promise<EventQueue> {
  await ensureTopics(kafka, [...arrivalTopics(topics), topics.deadLetters], defaultWorkerSettings.partitions);
  const producer = createReliableProducer(kafka, produceRetries);
  await producer.connect();
  return {
    async queue(messages) {
      const byTopic = new Map<string, { key: string; value: string }[]>();
      const outcomes = validateMessages(messages, validation, (event, message) => {
        const topic = topics.byKind[event.kind];
        const list = byTopic.get(topic) ?? [];
        list.push({ key: event.row.event_id, value: message.text });
        byTopic.set(topic, list);
        return queued;
      });
      if (byTopic.size === 0) return outcomes;
      const sent = producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })) });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`no acknowledgement within ${produceDeadlineMs / 1000} s`)), produceDeadlineMs);
      });
      try {
        await Promise.race([sent, deadline]);
      } catch (err) {
        sent.catch(() => {}); // given up on: its own failure, if it comes, has been answered already
        throw new QueueUnavailableError(`Kafka did not take the events: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
      return outcomes;
    },
    close: () => producer.disconnect(),
  };
}
