import { describe, expect, it } from "vitest";
import { WarehouseError } from "../../infra/warehouse/port.ts";
import { type IsolatingInsert, insertIsolatingRefusals } from "./isolate-refusals.ts";

/**
 * A fake table that refuses any insert holding a poisoned item, as the engine refuses a whole
 * block. With `blockSize`, blocks before the poisoned one land first, as a multi-block insert can.
 */
function fakeTable(poisoned: ReadonlySet<number>, blockSize = Infinity) {
  const stored: number[] = [];
  let inserts = 0;
  const target: IsolatingInsert<number> = {
    async insert(items) {
      inserts += 1;
      for (let i = 0; i < items.length; i += blockSize) {
        const block = items.slice(i, i + blockSize);
        const bad = block.find((item) => poisoned.has(item));
        if (bad !== undefined) throw new WarehouseError(`Code: 469. Constraint violated by ${bad}`, "refused");
        stored.push(...block);
      }
    },
    stored: async (items) => new Set(items.filter((item) => stored.includes(item))),
  };
  return { target, stored, inserts: () => inserts };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("insertIsolatingRefusals", () => {
  it("writes a batch the engine accepts in one insert", async () => {
    const table = fakeTable(new Set());
    expect(await insertIsolatingRefusals(range(1000), table.target)).toEqual([]);
    expect(table.stored).toHaveLength(1000);
    expect(table.inserts()).toBe(1);
  });

  it("isolates each refused item with the engine's message and writes all the others once", async () => {
    const poisoned = new Set([0, 37, 38, 999]);
    const table = fakeTable(poisoned);
    const refusals = await insertIsolatingRefusals(range(1000), table.target);
    expect(refusals.map((r) => r.item)).toEqual([0, 37, 38, 999]);
    expect(refusals[1]!.reason).toBe("Code: 469. Constraint violated by 37");
    expect([...table.stored].sort((a, b) => a - b)).toEqual(range(1000).filter((i) => !poisoned.has(i)));
    // Bisection, not one insert per row: about 2·k·log₂(n).
    expect(table.inserts()).toBeLessThan(2 * poisoned.size * Math.ceil(Math.log2(1000)) + 2);
  });

  it("never writes twice the blocks that landed before the refused one", async () => {
    const table = fakeTable(new Set([50, 51, 700]), 16);
    const refusals = await insertIsolatingRefusals(range(1000), table.target);
    expect(refusals.map((r) => r.item)).toEqual([50, 51, 700]);
    expect(table.stored).toHaveLength(997);
    expect(new Set(table.stored).size).toBe(997);
  });

  it("throws a failure that is not a refusal, isolating nothing", async () => {
    for (const failure of [
      new WarehouseError("Code: 252. Too many parts", "transient"),
      new WarehouseError("Code: 60. Unknown table", "fatal"),
      new Error("bug"),
    ]) {
      const target: IsolatingInsert<number> = { insert: () => Promise.reject(failure), stored: async () => new Set() };
      await expect(insertIsolatingRefusals(range(10), target)).rejects.toBe(failure);
    }
  });
});
