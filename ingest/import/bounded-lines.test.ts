import { describe, expect, it } from "vitest";
import { mulberry32 } from "../simulate/rng.ts";
import { boundedLines, keptHeadBytes, type Line, maxLineBytes, maxSkipBytes } from "./bounded-lines.ts";

async function linesOf(chunks: Iterable<Buffer>): Promise<Line[]> {
  const lines: Line[] = [];
  for await (const line of boundedLines(
    (async function* () {
      yield* chunks;
    })(),
  ))
    lines.push(line);
  return lines;
}
const text = (line: Line) => ("bytes" in line ? line.bytes.toString("latin1") : `<${line.tooLong.length}>`);

describe("boundedLines", () => {
  it("splits LF and CRLF lines across chunk boundaries, and keeps a last line without its end", async () => {
    const lines = await linesOf(["ab", "c\r\nde\n", "\nf", "g\r", "\nh"].map((s) => Buffer.from(s)));
    expect(lines.map(text)).toEqual(["abc", "de", "", "fg", "h"]);
  });

  it("reports a line over the limit by its length and first bytes, and reads the next line whole", async () => {
    const long = Buffer.alloc(maxLineBytes + 10, "x");
    long.write("head", 0);
    const [first, second, third] = await linesOf([Buffer.from("a\n"), long.subarray(0, 1000), long.subarray(1000), Buffer.from("\nb\n")]);
    expect(text(first!)).toBe("a");
    expect(second).toEqual({ tooLong: { length: maxLineBytes + 10, head: long.subarray(0, keptHeadBytes), unended: false } });
    expect(text(third!)).toBe("b");
  });

  it("stops reading when no line end comes within the skip limit", async () => {
    const zeros = Buffer.alloc(1 << 20);
    let given = 0;
    const endless = {
      *[Symbol.iterator]() {
        for (;;) {
          given += 1;
          yield zeros;
        }
      },
    };
    const lines = await linesOf(endless);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ tooLong: { unended: true } });
    expect(given).toBeLessThanOrEqual(maxSkipBytes / zeros.length + 2);
  });

  it("gives back every line of random bytes cut into random chunks, the long ones by length", async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = mulberry32(seed);
      const expected: string[] = [];
      const parts: Buffer[] = [];
      for (let i = 0; i < 30; i++) {
        const length = random() < 0.1 ? maxLineBytes + Math.floor(random() * 1000) - 500 : Math.floor(random() * 300);
        // Any byte but a line end; a CR that ends a line would be taken for a CRLF.
        const bytes = Buffer.alloc(length);
        for (let b = 0; b < length; b++) bytes[b] = Math.floor(random() * 256);
        for (let b = bytes.indexOf(0x0a); b !== -1; b = bytes.indexOf(0x0a, b)) bytes[b] = 0x20;
        if (bytes.at(-1) === 0x0d) bytes[length - 1] = 0x20;
        // The limit counts a CRLF line's CR.
        const end = random() < 0.5 ? "\n" : "\r\n";
        const counted = length + end.length - 1;
        expected.push(counted > maxLineBytes ? `<${counted}>` : bytes.toString("latin1"));
        parts.push(bytes, Buffer.from(end));
      }
      const whole = Buffer.concat(parts);
      const chunks: Buffer[] = [];
      for (let at = 0; at < whole.length; ) {
        const size = 1 + Math.floor(random() * (random() < 0.5 ? 10 : 200_000));
        chunks.push(whole.subarray(at, at + size));
        at += size;
      }
      expect((await linesOf(chunks)).map(text), `seed ${seed}`).toEqual(expected);
    }
  });
});
