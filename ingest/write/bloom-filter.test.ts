import { describe, expect, it } from "vitest";
import { BloomFilter } from "./bloom-filter.ts";

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("BloomFilter", () => {
  it("holds every string added, as a string or as its UTF-8 bytes", () => {
    const filter = new BloomFilter(50_000);
    const added = [...ids(40_000, "f"), "票-廊下-0001", "👣gate", "", "a\tb\nc\\"];
    for (const [i, id] of added.entries()) {
      if (i % 2 === 0) filter.add(id);
      else {
        const bytes = Buffer.concat([Buffer.from("xx"), Buffer.from(id, "utf8"), Buffer.from("yy")]);
        filter.addBytes(bytes, 2, bytes.length - 2);
      }
    }
    expect(added.filter((id) => !filter.mayHold(id))).toEqual([]);
    expect(added.filter((id) => !filter.mayHoldBytes(Buffer.from(id), 0, Buffer.byteLength(id)))).toEqual([]);
  });

  it("rules out most strings never added, near its false-positive rate when full", () => {
    const filter = new BloomFilter(100_000, 0.01);
    for (const id of ids(100_000, "f")) filter.add(id);
    const others = [...ids(50_000, "t"), ...ids(50_000, "f1000000")];
    const rate = others.filter((id) => filter.mayHold(id)).length / others.length;
    expect(rate).toBeGreaterThan(0.002);
    expect(rate).toBeLessThan(0.015);
  });

  it("answers 'may hold' for a string with a lone surrogate, which has no UTF-8 form", () => {
    const filter = new BloomFilter(10);
    expect(filter.mayHold("id\uD800")).toBe(true);
    expect(filter.mayHold("id\uDC00x")).toBe(true);
    expect(filter.mayHold("id😀")).toBe(false);
  });

  it("sizes its bits from capacity and rate: about 9.6 bits a string at 1 %", () => {
    expect(new BloomFilter(1_000_000, 0.01).byteLength).toBeCloseTo((1_000_000 * 9.585) / 8, -3);
  });
});
