import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAccumulator } from "./accumulator.ts";

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
});
