import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { maxLineBytes } from "../../ingest/import/bounded-lines.ts";
import { UnreadableFileError } from "../../ingest/import/file-bytes.ts";
import { readEventFile } from "../../ingest/import/read-events.ts";
import type { IncomingMessage } from "../../ingest/pipeline/ingest-messages.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";
import { validEvents } from "../support/events.ts";

const dir = mkdtempSync(join(tmpdir(), "tourism-import-files-"));
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

async function read(path: string): Promise<IncomingMessage[]> {
  const messages: IncomingMessage[] = [];
  for await (const message of readEventFile(path)) messages.push(message);
  return messages;
}

const fields = ["type", "event_id", "site_id", "gate_id", "direction", "count", "occurred_at"];
const events = validEvents(40, 3, "files").filter((e) => e.type === "footfall");
const csv = [fields.join(","), ...events.map((e) => fields.map((f) => String(e[f])).join(","))].join("\r\n");
const ndjson = events.map((e) => JSON.stringify(e)).join("\n");

describe("import files", () => {
  it("reads Excel's CSV UTF-8 (byte-order mark, CRLF) and NDJSON with a byte-order mark", async () => {
    const csvPath = join(dir, "excel.csv");
    writeFileSync(csvPath, Buffer.concat([bom, Buffer.from(`${csv}\r\n`)]));
    const fromCsv = await read(csvPath);
    expect(fromCsv.map((m) => JSON.parse(m.text))).toEqual(events);
    expect(fromCsv.map((m) => m.source.position)).toEqual(events.map((_, i) => i + 2));

    const ndjsonPath = join(dir, "bom.ndjson");
    writeFileSync(ndjsonPath, Buffer.concat([bom, Buffer.from(ndjson)]));
    expect((await read(ndjsonPath)).map((m) => JSON.parse(m.text))).toEqual(events);
  });

  it("reads gzipped NDJSON and CSV, and names a file that is not gzip or is cut off", async () => {
    writeFileSync(join(dir, "events.ndjson.gz"), gzipSync(`${ndjson}\n`));
    expect((await read(join(dir, "events.ndjson.gz"))).map((m) => JSON.parse(m.text))).toEqual(events);
    writeFileSync(join(dir, "events.CSV.GZ"), gzipSync(Buffer.concat([bom, Buffer.from(csv)])));
    expect((await read(join(dir, "events.CSV.GZ"))).map((m) => JSON.parse(m.text))).toEqual(events);

    writeFileSync(join(dir, "plain.ndjson.gz"), ndjson);
    await expect(read(join(dir, "plain.ndjson.gz"))).rejects.toThrow(
      new UnreadableFileError(`${join(dir, "plain.ndjson.gz")}: not gzip data (incorrect header check)`),
    );
    const whole = gzipSync(`${ndjson}\n`);
    writeFileSync(join(dir, "cut.ndjson.gz"), whole.subarray(0, whole.length - 20));
    await expect(read(join(dir, "cut.ndjson.gz"))).rejects.toThrow(/cut\.ndjson\.gz: the gzip data ends early/);
  });

  it("refuses a directory and UTF-16 text in one line naming the file", async () => {
    await expect(read(dir)).rejects.toThrow(new UnreadableFileError(`${dir}: is a directory, not a file`));
    const utf16 = join(dir, "unicode.csv");
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, "utf16le")]));
    await expect(read(utf16)).rejects.toThrow(new UnreadableFileError(`${utf16}: UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)`));
  });

  /** Reads a file in a process of its own and reports what came out and the process's peak memory above its start. */
  function readApart(path: string) {
    const script = `
      const { readEventFile } = await import(${JSON.stringify(resolve("ingest/import/read-events.ts"))});
      const before = process.resourceUsage().maxRSS;
      const out = [];
      for await (const m of readEventFile(${JSON.stringify(path)})) out.push({ line: m.source.position, invalid: m.invalid ?? null, length: m.text.length });
      process.stdout.write(JSON.stringify({ out, grownMb: (process.resourceUsage().maxRSS - before) / 1024 }));`;
    // A hang guard, not a speed target: the line used to take minutes, /dev/zero forever.
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as { out: { line: number; invalid: string | null; length: number }[]; grownMb: number };
  }

  it("rejects a 200 MB line by its length with its head kept, in memory far below the line's, and reads on", () => {
    const path = join(dir, "huge.ndjson");
    const fd = openSync(path, "w");
    writeSync(fd, `${JSON.stringify(events[0])}\n{"event_id":"`);
    const block = Buffer.alloc(1 << 20, "a");
    for (let i = 0; i < 200; i++) writeSync(fd, block);
    writeSync(fd, `"}\n${JSON.stringify(events[1])}\n`);
    closeSync(fd);
    const { out, grownMb } = readApart(path);
    expect(out).toEqual([
      { line: 1, invalid: null, length: JSON.stringify(events[0]).length },
      { line: 2, invalid: `line of ${200 * 2 ** 20 + 15} bytes, longer than the 1 MiB a line may have`, length: 1025 },
      { line: 3, invalid: null, length: JSON.stringify(events[1]).length },
    ]);
    expect(grownMb).toBeLessThan(100);
  });

  it("ends /dev/zero, which never ends a line, with one rejection, in bounded memory", () => {
    const { out, grownMb } = readApart("/dev/zero");
    expect(out).toEqual([{ line: 1, invalid: "no line end within 256 MiB (not a file of lines?); the rest of the file is not read", length: 1025 }]);
    expect(grownMb).toBeLessThan(100);
  });

  it("always answers for random bytes, encodings and line lengths, and reads every event line between them intact", async () => {
    const encodings: ((s: string) => Buffer)[] = [(s) => Buffer.from(s, "latin1"), (s) => Buffer.from(s, "utf16le"), (s) => Buffer.from(s)];
    for (let seed = 1; seed <= 24; seed++) {
      const random = mulberry32(seed);
      const csvFile = random() < 0.4;
      // Quotes in CSV garbage may open a field that runs over the event lines after it, as CSV means;
      // those files are read for an answer only.
      const quotes = csvFile && seed % 3 === 0;
      const line = (bytes: Buffer) => {
        for (const end of quotes ? [0x0a, 0x0d] : [0x0a, 0x0d, 0x22]) for (let b = bytes.indexOf(end); b !== -1; b = bytes.indexOf(end, b)) bytes[b] = 0x20;
        return bytes;
      };
      const lines: Buffer[] = [Buffer.from(csvFile ? fields.join(",") : "")];
      const good = new Map<number, string>();
      for (let i = 0; i < 40; i++) {
        const roll = random();
        if (roll < 0.4) {
          const event = events[i % events.length]!;
          lines.push(Buffer.from(csvFile ? fields.map((f) => String(event[f])).join(",") : JSON.stringify(event)));
          good.set(lines.length, JSON.stringify(event));
        } else if (roll < 0.7) {
          const length = Math.floor(random() < 0.15 ? maxLineBytes * (0.9 + random() / 2) : random() * 2000);
          const bytes = Buffer.alloc(length);
          for (let b = 0; b < length; b += 1 + Math.floor(random() * 64)) bytes[b] = Math.floor(random() * 256);
          lines.push(line(bytes));
        } else {
          const chars = Array.from({ length: Math.floor(random() * 80) }, () => String.fromCharCode(Math.floor(random() * 0x3000)));
          lines.push(line(encodings[Math.floor(random() * encodings.length)]!(chars.join(""))));
        }
      }
      const body = Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")]).slice(csvFile ? 0 : 2));
      const gz = random() < 0.3;
      const path = join(dir, `fuzz-${seed}.${csvFile ? "csv" : "ndjson"}${gz ? ".gz" : ""}`);
      writeFileSync(path, gz ? gzipSync(body) : body);

      const messages = await read(path);
      // A CSV record's text is its JSON, where a control character takes six characters.
      for (const message of messages) expect(message.text.length).toBeLessThanOrEqual((csvFile ? 6 : 1) * maxLineBytes + 100);
      if (quotes) continue;
      const read_ = new Map(messages.filter((m) => m.invalid === undefined).map((m) => [m.source.position + (csvFile ? 0 : 1), m.text]));
      for (const [line, text] of good) {
        // A CSV record is read with the header's columns; its empty cells are absent fields.
        expect(read_.get(line), `seed ${seed}, line ${line}`).toBe(csvFile ? JSON.stringify(JSON.parse(text)) : text);
      }
    }
  });
});
