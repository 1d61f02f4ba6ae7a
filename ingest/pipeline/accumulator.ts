/**
 * Gathers work from several callers (Kafka partitions, HTTP requests) into one warehouse write,
 * bounded by count and by time. Each caller's promise settles when the write that holds its items
 * settles, so a caller commits or answers only what has been written. Callers wait while a write is
 * in progress or retried, and fetch or read nothing more meanwhile: memory stays bounded by what is
 * submitted.
 */
export interface Accumulator<T, R> {
  submit(items: readonly T[]): Promise<R>;
  /** A caller left (see `callers`): when the ones still there all wait, their write starts. */
  callerLeft(): void;
}

export interface AccumulatorOptions<T, R> {
  /** A write starts once its items' sizes reach this. */
  maxItems: number;
  /** How much of maxItems an item takes: 1 when absent (an item that carries several events takes their count). */
  sizeOf?: (item: T) => number;
  /** Without it, a write starts only once `callers` all wait, or at maxItems. */
  maxWaitMs?: number;
  flush: (items: T[]) => Promise<R>;
  /**
   * How many callers may submit at all right now. When every one of them waits for the next write,
   * nothing more can come before it, so it starts without waiting out maxWaitMs: the Kafka worker's
   * last batches of a fetch would otherwise idle, as kafkajs fetches again only when all are done.
   */
  callers?: () => number;
  /**
   * With `callers`: when every caller waits but fewer than there were when the last write ended
   * (its own and those waiting for the next), the write waits for more while they keep coming less
   * than this far apart, until as many wait. Senders that post one request after another come back
   * one after another, a few milliseconds after their answers; without it, those that came during
   * a write are written as soon as it ends, the others come back during that write, and the senders
   * stay split into two writes that each pay a write's fixed cost.
   */
  regroupMs?: number;
}

interface Waiter<R> {
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

export function createAccumulator<T, R>({ maxItems, sizeOf, maxWaitMs, flush, callers, regroupMs }: AccumulatorOptions<T, R>): Accumulator<T, R> {
  let items: T[] = [];
  let size = 0;
  let waiters: Waiter<R>[] = [];
  let timer: NodeJS.Timeout | undefined;
  let regrouping: NodeJS.Timeout | undefined;
  /** Callers there were when the last write ended. */
  let regroupTarget = 0;
  let flushing: Promise<void> = Promise.resolve();

  const flushNow = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (regrouping) clearTimeout(regrouping);
    regrouping = undefined;
    if (waiters.length === 0) return;
    const batch = items;
    const batchWaiters = waiters;
    items = [];
    size = 0;
    waiters = [];
    flushing = flushing.then(() =>
      flush(batch)
        .finally(() => {
          regroupTarget = callers?.() ?? 0;
        })
        .then(
          (result) => {
            for (const w of batchWaiters) w.resolve(result);
          },
          (err: unknown) => {
            for (const w of batchWaiters) w.reject(err);
          },
        ),
    );
  };

  // Checked once the current turn of the event loop is over: a caller that just started or left may
  // be followed at once by another (kafkajs hands its workers their next batch straight away).
  let checking = false;
  const flushIfAllWait = () => {
    if (callers === undefined || checking) return;
    checking = true;
    setImmediate(() => {
      checking = false;
      if (waiters.length === 0 || waiters.length < callers()) return;
      if (regroupMs === undefined || waiters.length >= regroupTarget) flushNow();
      else {
        clearTimeout(regrouping);
        regrouping = setTimeout(flushNow, regroupMs);
      }
    });
  };

  return {
    callerLeft: flushIfAllWait,
    submit(submitted) {
      return new Promise<R>((resolve, reject) => {
        items.push(...submitted);
        for (const item of submitted) size += sizeOf ? sizeOf(item) : 1;
        waiters.push({ resolve, reject });
        if (size >= maxItems) flushNow();
        else {
          if (maxWaitMs !== undefined) timer ??= setTimeout(flushNow, maxWaitMs);
          flushIfAllWait();
        }
      });
    },
  };
}
