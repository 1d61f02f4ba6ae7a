import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { z } from "zod";
import { eventKindNames, eventKinds } from "../kinds/registry.ts";
import type { IncomingMessage } from "../pipeline/ingest-messages.ts";
import { type Decoded, decodeUtf8 } from "../pipeline/utf8.ts";

/** CSV cells are text; the number fields of every kind's contract are numbers on the wire. */
const integerFields = new Set(
  eventKindNames.flatMap((kind) => {
    const schema = eventKinds[kind].schema;
    return schema instanceof z.ZodObject ? Object.keys(schema.shape).filter((field) => schema.shape[field] instanceof z.ZodNumber) : [];
  }),
);

/** A CSV record as the JSON object the contract expects: empty cells are absent fields. */
export function csvRecordToEvent(record: Record<string, string>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [field, cell] of Object.entries(record)) {
    if (cell === "") continue;
    event[field] = integerFields.has(field) && /^-?\d+$/.test(cell) ? Number(cell) : cell;
  }
  return event;
}

/** Bytes read so far from the current file, for progress bars. */
export type OnBytes = (bytes: number) => void;

/** A file's lines as bytes (LF or CRLF endings), so that each is decoded, and refused, on its own. */
async function* byteLines(path: string, onBytes: OnBytes): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    const bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = bytes.indexOf(0x0a); end !== -1; start = end + 1, end = bytes.indexOf(0x0a, start)) {
      yield bytes.subarray(start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end);
    }
    rest = bytes.subarray(start);
  }
  if (rest.length > 0) yield rest;
}

async function* ndjsonLines(path: string, onBytes: OnBytes): AsyncGenerator<IncomingMessage> {
  let line = 0;
  for await (const bytes of byteLines(path, onBytes)) {
    line += 1;
    const decoded = decodeUtf8(bytes);
    if (decoded.invalid === undefined && decoded.text.trim() === "") continue;
    yield { ...decoded, source: { kind: "file", name: path, partition: 0, position: line } };
  }
}

async function* csvRecords(path: string, onBytes: OnBytes): AsyncGenerator<IncomingMessage> {
  const stream = createReadStream(path);
  stream.on("data", (chunk) => onBytes(chunk.length));
  // Cells stay bytes (encoding null) so that each record is decoded, and refused, on its own.
  let header: Decoded[] = [];
  // csv-parse types the header as strings; under encoding null it is Buffers.
  const columns = (names: unknown[]) => {
    header = names.map((name) => decodeUtf8(name as Buffer));
    return header.map((name) => name.text);
  };
  const parser = stream.pipe(parse({ columns, encoding: null, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, Buffer>; info: { lines: number } }>) {
    const cells = Object.entries(record).map(([field, cell]) => [field, decodeUtf8(cell)] as const);
    const invalid = [...header, ...cells.map(([, cell]) => cell)].find((cell) => cell.invalid !== undefined)?.invalid;
    const text = JSON.stringify(csvRecordToEvent(Object.fromEntries(cells.map(([field, cell]) => [field, cell.text]))));
    yield { text, ...(invalid ? { invalid } : {}), source: { kind: "file", name: path, partition: 0, position: info.lines } };
  }
}

/** The events of one import file, NDJSON or (by its .csv ending) CSV with a header row. */
export function readEventFile(path: string, onBytes: OnBytes = () => {}): AsyncGenerator<IncomingMessage> {
  return path.toLowerCase().endsWith(".csv") ? csvRecords(path, onBytes) : ndjsonLines(path, onBytes);
}
