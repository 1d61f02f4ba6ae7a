import type { Batch, Consumer, EachBatchPayload, Kafka, Producer } from "kafkajs";
import { createReliableProducer } from "../../infra/kafka/client.ts";
import { readTopicMaxMessageBytes } from "../../infra/kafka/topic-limits.ts";
import type { Logger } from "../../infra/logger.ts";
import { WarehouseError } from "../../infra/warehouse/port.ts";
import type { IngestMetrics } from "../observability/metrics.ts";
import { eventKindNames } from "../kinds/registry.ts";
import type { IncomingMessage, MessageIngestor } from "../pipeline/ingest-messages.ts";
import { ownOutcomes, type SharedWrite } from "../pipeline/own-outcomes.ts";
import { decodeUtf8 } from "../steps/decode.ts";
import { settleOutcomes } from "../steps/settle-outcomes.ts";
import { retryWithBackoff } from "../retry.ts";
import { createAccumulator } from "../pipeline/accumulator.ts";
import { createDeadLetterSender } from "./dead-letter-sender.ts";
import type { DeadLetter } from "./dead-letters.ts";
import { type SkippedBatch, type SkippedBatches, skippedRanges } from "./skipped-batches.ts";
import { createStallWatch } from "./stall-watch.ts";
import { arrivalTopics, type EventTopics, kindOfTopic } from "./topics.ts";

export interface IngestWorkerOptions {
  groupId: string;
  topics: EventTopics;
  /** A warehouse write holds at most this many events… */
  maxBatchEvents: number;
  /** …and waits at most this long for more before writing. */
  maxBatchWaitMs: number;
  sessionTimeoutMs: number;
  /** How long writing may keep failing before the worker reports itself unhealthy. */
  stallPatienceMs: number;
}

export interface IngestWorkerDeps {
  kafka: Kafka;
  ingestor: MessageIngestor;
  log: Logger;
  metrics: IngestMetrics;
}

export interface IngestWorker {
  /** True once the worker has joined its group and until it stops, unless writing is stalled. */
  healthy(): boolean;
  /** The record batches skipped as undecodable since the start (each dead-lettered by its offsets). */
  skippedBatches(): SkippedBatches;
  /** Finishes or abandons the batch in flight, commits what is durable, leaves the group. */
  stop(): Promise<void>;
}

class ShuttingDown extends Error {}

/**
 * The Kafka ingest loop. Per partition batch: decode, then the ingestor's parse, validate and store
 * (exactly once, see event-writer.ts), dead-letter the messages not stored, and only then commit the
 * offsets after the last message — for partitions this member still owns. A crash anywhere
 * re-delivers from the last commit, and re-delivered events are recognised by their event_id. Rows
 * the warehouse refuses for their content are dead-lettered by the writer's isolation; any other
 * failure holds the partitions where they are and is retried with capped backoff, and /healthz turns
 * 503 once it outlasts the patience (at once for a fatal one — schema, permissions — which waits for
 * a person but loses nothing).
 */
export async function startIngestWorker(deps: IngestWorkerDeps, options: IngestWorkerOptions): Promise<IngestWorker> {
  const { kafka, ingestor, metrics } = deps;
  const log = deps.log.child({ module: "ingest-worker" });
  const { topics } = options;
  let stopping = false;
  let joined = false;

  // Dead letters must not be lost, and each must fit what the dead-letter topic accepts.
  const producer: Producer = createReliableProducer(kafka);
  const deadLetters = createDeadLetterSender(producer, topics.deadLetters, {
    maxMessageBytes: await readTopicMaxMessageBytes(kafka, topics.deadLetters, log),
    reread: () => readTopicMaxMessageBytes(kafka, topics.deadLetters, log),
  });
  const skipped: SkippedBatches = { count: 0 };
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: Math.min(3000, Math.floor(options.sessionTimeoutMs / 3)),
    // A fetch is held as buffers and decoded messages until written, and what it leaves behind is
    // most of the heap's growth: 8 MB (some 30,000 events, over one write's worth) rather than 16
    // cut the worker's peak RSS by a fifth; the accumulator writes a fetch's tail without waiting.
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 8 * 1024 * 1024,
  });

  const stalls = createStallWatch(options.stallPatienceMs);
  metrics.watchStalls(stalls.stalledMs);
  const retrying = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const stall = stalls.begin();
    try {
      return await retryWithBackoff(work, {
        initialMs: 200,
        maxMs: 10_000,
        shouldStop: () => stopping,
        onRetry: (err, attempt, delayMs) => {
          stall.failed(err);
          const failure = err instanceof WarehouseError ? err.failure : "other";
          metrics.retries.inc({ failure });
          log[failure === "fatal" ? "error" : "warn"]({ err, failure, attempt, delayMs, stalledMs: stalls.stalledMs() }, `${what} failed; retrying`);
        },
      });
    } finally {
      stall.ended();
    }
  };

  /** Partition batches being handled: each submits one chunk at a time to the accumulator. */
  let handling = 0;
  const accumulator = createAccumulator<IncomingMessage, SharedWrite>({
    maxItems: options.maxBatchEvents,
    maxWaitMs: options.maxBatchWaitMs,
    callers: () => handling,
    flush: async (messages) => {
      const end = metrics.writeSeconds.startTimer();
      const outcome = await retrying("warehouse write", () => ingestor.ingest(messages)).catch((err: unknown) => {
        throw stopping ? new ShuttingDown("stopped while the warehouse was failing", { cause: err }) : err;
      });
      end();
      metrics.batchSize.observe(messages.length);
      for (const kind of eventKindNames) {
        const topic = topics.byKind[kind];
        const summary = outcome.byKind[kind];
        metrics.written.inc({ topic }, summary.written);
        metrics.duplicates.inc({ topic }, summary.duplicates);
        metrics.conflicts.inc({ topic }, summary.conflicts);
        metrics.refused.inc({ topic }, summary.refused);
      }
      return { outcome, messages };
    },
  });

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    joined = true;
    log.info({ memberId: payload.memberId, assignment: payload.memberAssignment }, "joined consumer group");
  });
  consumer.on(consumer.events.REBALANCING, () => log.info("group rebalancing"));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    joined = false;
    log.error({ err: payload.error, restart: payload.restart }, "consumer crashed");
  });
  consumer.on(consumer.events.STOP, () => (joined = false));

  /**
   * Kafka records as incoming messages, through the decode step: bytes that are not UTF-8 carry its
   * reason and are dead-lettered as they came. Stand-ins for a batch that could not be decompressed
   * are set apart.
   */
  function decode(batch: Batch): { messages: IncomingMessage[]; originals: Map<IncomingMessage, Buffer>; skipped: SkippedBatch[] } {
    const expected = kindOfTopic(topics, batch.topic);
    const originals = new Map<IncomingMessage, Buffer>();
    const { records, skipped } = skippedRanges(batch.messages);
    const messages = records.map((m) => {
      const original = m.value ?? Buffer.alloc(0);
      const source = { kind: "kafka" as const, name: batch.topic, partition: batch.partition, position: Number(m.offset) };
      const incoming: IncomingMessage = { ...decodeUtf8(original), source, ...(expected ? { expected } : {}) };
      originals.set(incoming, original);
      return incoming;
    });
    return { messages, originals, skipped };
  }

  /** Dead-letters each skipped batch by its topic, partition and offsets; resolves once they are durable. */
  async function deadLetterSkipped(batch: Batch, ranges: readonly SkippedBatch[]): Promise<void> {
    const failedAt = new Date().toISOString();
    const letters: DeadLetter[] = ranges.map((range) => ({
      original: Buffer.alloc(0),
      reason: range.reason,
      sourceTopic: batch.topic,
      sourcePartition: batch.partition,
      sourceOffset: range.firstOffset,
      lastSourceOffset: range.lastOffset,
      failedAt,
    }));
    await retrying("dead-letter send", () => deadLetters.send(letters));
    for (const range of ranges) {
      log.error({ topic: batch.topic, partition: batch.partition, ...range }, "record batch could not be decoded; skipped and dead-lettered by its offsets");
      skipped.count += 1;
      skipped.last = { topic: batch.topic, partition: batch.partition, ...range, at: failedAt };
    }
    metrics.skippedBatches.inc({ topic: batch.topic }, ranges.length);
    metrics.deadLettered.inc({ topic: batch.topic }, letters.length);
  }

  /** Writes one chunk and dead-letters the messages not stored, with their reasons; resolves once both are durable. */
  async function processChunk(batch: Batch, chunk: IncomingMessage[], decoded: ReturnType<typeof decode>, heartbeat: () => Promise<void>): Promise<number> {
    const keepAlive = setInterval(() => heartbeat().catch(() => undefined), 2000);
    let shared: SharedWrite;
    try {
      shared = await accumulator.submit(chunk);
    } finally {
      clearInterval(keepAlive);
    }
    const failedAt = new Date().toISOString();
    const letters: DeadLetter[] = [];
    settleOutcomes(chunk, ownOutcomes(shared, chunk), {
      rejected: (message, { reason }) =>
        letters.push({
          original: decoded.originals.get(message)!,
          reason,
          sourceTopic: batch.topic,
          sourcePartition: batch.partition,
          sourceOffset: message.source.position,
          failedAt,
        }),
    });
    await retrying("dead-letter send", () => deadLetters.send(letters));
    metrics.deadLettered.inc({ topic: batch.topic }, letters.length);
    return letters.length;
  }

  /** Counts the partition batches being handled, for the accumulator. */
  const counted =
    (handle: (payload: EachBatchPayload) => Promise<void>) =>
    async (payload: EachBatchPayload): Promise<void> => {
      handling += 1;
      try {
        await handle(payload);
      } finally {
        handling -= 1;
        accumulator.callerLeft();
      }
    };

  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: arrivalTopics(topics), fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 8,
    eachBatch: counted(async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      /** Marks the partition done through lastOffset and commits it; false when it can go no further. */
      const commitThrough = async (lastOffset: number, deadLettered: number): Promise<boolean> => {
        resolveOffset(String(lastOffset));
        if (isStale()) return false; // the partition moved during the write; its new owner re-reads and deduplicates
        try {
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(lastOffset + 1) }]);
        } catch (err) {
          log.warn(
            { err, topic: batch.topic, partition: batch.partition, offset: lastOffset + 1 },
            "offset commit refused; the partition's next owner re-reads from the last commit",
          );
          return false;
        }
        metrics.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, Number(batch.highWatermark) - lastOffset - 1));
        log.debug({ topic: batch.topic, partition: batch.partition, committed: lastOffset + 1, deadLettered }, "batch committed");
        return true;
      };
      // Work abandoned by a stop commits nothing past what is written.
      const abandoned = (err: unknown) => err instanceof ShuttingDown || stopping;

      const decoded = decode(batch);
      const { messages, skipped: skippedHere } = decoded;
      metrics.consumed.inc({ topic: batch.topic }, messages.length);
      // Skipped batches are dead-lettered before any offset past them is committed.
      if (skippedHere.length > 0) {
        try {
          await deadLetterSkipped(batch, skippedHere);
        } catch (err) {
          if (abandoned(err)) return;
          throw err;
        }
      }
      let committed = -1;
      for (let i = 0; i < messages.length; i += options.maxBatchEvents) {
        if (!isRunning() || isStale()) return;
        const chunk = messages.slice(i, i + options.maxBatchEvents);
        let deadLettered: number;
        try {
          deadLettered = await processChunk(batch, chunk, decoded, heartbeat);
        } catch (err) {
          if (abandoned(err)) return;
          throw err;
        }
        committed = chunk[chunk.length - 1]!.source.position;
        if (!(await commitThrough(committed, deadLettered))) return;
      }
      // A skipped batch at the end of the fetch (or alone in it) moves the offsets on too.
      const skippedEnd = Math.max(-1, ...skippedHere.map((range) => range.lastOffset));
      if (skippedEnd > committed && isRunning()) await commitThrough(skippedEnd, skippedHere.length);
    }),
  });

  return {
    healthy: () => joined && !stopping && !stalls.overdue(),
    skippedBatches: () => ({ ...skipped }),
    async stop() {
      stopping = true;
      await consumer.disconnect();
      await producer.disconnect();
      log.info("ingest worker stopped");
    },
  };
}
