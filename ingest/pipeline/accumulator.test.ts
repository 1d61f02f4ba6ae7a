import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAccumulator } from "./accumulator.ts";

/** An accumulator whose writes wait for `callers` (never for its count or time bounds), and the writes it made. */
function waitingForCallers(callers: () => number) {
  const writes: number[][] = [];
  const acc = createAccumulator<number, string>({
    maxItems: 100,
    maxWaitMs: 60_000,
    callers,
    flush: async (items) => {
      writes.push(items);
      return "ok";
    },
  });
  return { acc, writes };
}

describe("accumulator", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("flushes when the count bound is reached, with every submitter's items in one write", async () => {
    const writes: number[][] = [];
    const acc = createAccumulator<number, string>({
      maxItems: 4,
      maxWaitMs: 1000,
      flush: async (items) => {
        writes.push(items);
        return "ok";
      },
    });
    const a = acc.submit([1, 2]);
    const b = acc.submit([3, 4]);
    await expect(Promise.all([a, b])).resolves.toEqual(["ok", "ok"]);
    expect(writes).toEqual([[1, 2, 3, 4]]);
  });

  it("counts each item as its size: a write starts once the sizes reach the bound, not the items", async () => {
    const writes: string[][] = [];
    const acc = createAccumulator<string, string>({
      maxItems: 1000,
      sizeOf: (batch) => Number(batch.split(":")[1]),
      maxWaitMs: 1000,
      flush: async (items) => {
        writes.push(items);
        return "ok";
      },
    });
    const small = acc.submit(["a:400", "b:500"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([]);
    const big = acc.submit(["c:100"]);
    await expect(Promise.all([small, big])).resolves.toEqual(["ok", "ok"]);
    expect(writes).toEqual([["a:400", "b:500", "c:100"]]);
    // A bound counted afresh for the next write.
    const next = acc.submit(["d:999"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(next).resolves.toBe("ok");
    expect(writes).toEqual([["a:400", "b:500", "c:100"], ["d:999"]]);
  });

  it("flushes a partial batch when the time bound passes", async () => {
    const writes: number[][] = [];
    const acc = createAccumulator<number, number>({
      maxItems: 100,
      maxWaitMs: 50,
      flush: async (items) => {
        writes.push(items);
        return items.length;
      },
    });
    const a = acc.submit([1]);
    await vi.advanceTimersByTimeAsync(49);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(a).resolves.toBe(1);
    expect(writes).toEqual([[1]]);
  });

  it("runs one write at a time and rejects exactly the submitters of a failed write", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const acc = createAccumulator<string, string>({
      maxItems: 1,
      maxWaitMs: 10,
      flush: async (items) => {
        order.push(`start ${items[0]}`);
        if (items[0] === "a") await gate;
        if (items[0] === "b") throw new Error("warehouse down");
        order.push(`end ${items[0]}`);
        return items[0]!;
      },
    });
    const a = acc.submit(["a"]);
    const b = acc.submit(["b"]);
    const c = acc.submit(["c"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(["start a"]);
    release();
    await expect(a).resolves.toBe("a");
    await expect(b).rejects.toThrow("warehouse down");
    await expect(c).resolves.toBe("c");
    expect(order).toEqual(["start a", "end a", "start b", "start c", "end c"]);
  });

  it("starts the write once every caller waits, and not while one may still submit", async () => {
    let callers = 3;
    const { acc, writes } = waitingForCallers(() => callers);
    const a = acc.submit([1]);
    const b = acc.submit([2]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toEqual([]); // the third caller may still add to this write
    const c = acc.submit([3]);
    await vi.advanceTimersByTimeAsync(0);
    await expect(Promise.all([a, b, c])).resolves.toEqual(["ok", "ok", "ok"]);
    expect(writes).toEqual([[1, 2, 3]]);

    const d = acc.submit([4]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toHaveLength(1);
    callers = 1; // the other two are done with their batches
    acc.callerLeft();
    await vi.advanceTimersByTimeAsync(0);
    await expect(d).resolves.toBe("ok");
    expect(writes).toEqual([[1, 2, 3], [4]]);
  });

  it("holds a write for the senders of the one before while they come back less than regroupMs apart, then writes whoever waits", async () => {
    let callers = 2;
    let release!: () => void;
    const writes: number[][] = [];
    const acc = createAccumulator<number, string>({
      maxItems: 100,
      regroupMs: 30,
      callers: () => callers,
      flush: async (items) => {
        writes.push(items);
        if (writes.length === 1) await new Promise<void>((r) => (release = r));
        return "ok";
      },
    });
    const firstPair = Promise.all([acc.submit([1]), acc.submit([2])]);
    await vi.advanceTimersByTimeAsync(0);
    // Two more senders come during the first pair's write.
    callers = 4;
    const secondPair = Promise.all([acc.submit([3]), acc.submit([4])]);
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([[1, 2]]);
    release();
    await expect(firstPair).resolves.toEqual(["ok", "ok"]);
    callers = 2; // the first pair got its answers
    acc.callerLeft();
    await vi.advanceTimersByTimeAsync(25);
    // …and comes back one after the other, each less than regroupMs after the one before, the
    // second more than that after the write ended: all four share the next write.
    callers = 3;
    const fifth = acc.submit([5]);
    await vi.advanceTimersByTimeAsync(25);
    expect(writes).toHaveLength(1);
    callers = 4;
    const sixth = acc.submit([6]);
    await vi.advanceTimersByTimeAsync(0);
    await expect(Promise.all([secondPair, fifth, sixth])).resolves.toEqual([["ok", "ok"], "ok", "ok"]);
    expect(writes).toEqual([
      [1, 2],
      [3, 4, 5, 6],
    ]);

    // Only one comes back: its write waits regroupMs, no longer, and its next one does not wait.
    callers = 1;
    const alone = acc.submit([7]);
    await vi.advanceTimersByTimeAsync(29);
    expect(writes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(alone).resolves.toBe("ok");
    const next = acc.submit([8]);
    await vi.advanceTimersByTimeAsync(0);
    await expect(next).resolves.toBe("ok");
    expect(writes).toEqual([[1, 2], [3, 4, 5, 6], [7], [8]]);
  });

  it("lets a caller that starts in the same turn join the write", async () => {
    let callers = 1;
    const { acc, writes } = waitingForCallers(() => callers);
    // kafkajs starts its workers one after the other in one turn: the first is alone for a moment.
    const a = acc.submit([1]);
    callers = 2;
    const b = acc.submit([2]);
    await vi.advanceTimersByTimeAsync(0);
    await expect(Promise.all([a, b])).resolves.toEqual(["ok", "ok"]);
    expect(writes).toEqual([[1, 2]]);
  });
});
