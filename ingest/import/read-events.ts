import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import type { IncomingMessage } from "../pipeline/ingest-messages.ts";

/** CSV cells are text; these contract fields are integers on the wire. */
const integerFields = new Set(["quantity", "count"]);

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

async function* ndjsonLines(path: string, onBytes: OnBytes): AsyncGenerator<IncomingMessage> {
  const stream = createReadStream(path);
  stream.on("data", (chunk) => onBytes(chunk.length));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === "") continue;
    yield { text, source: { kind: "file", name: path, partition: 0, position: line } };
  }
}

async function* csvRecords(path: string, onBytes: OnBytes): AsyncGenerator<IncomingMessage> {
  const stream = createReadStream(path);
  stream.on("data", (chunk) => onBytes(chunk.length));
  const parser = stream.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { text: JSON.stringify(csvRecordToEvent(record)), source: { kind: "file", name: path, partition: 0, position: info.lines } };
  }
}

/** The events of one import file, NDJSON or (by its .csv ending) CSV with a header row. */
export function readEventFile(path: string, onBytes: OnBytes = () => {}): AsyncGenerator<IncomingMessage> {
  return path.toLowerCase().endsWith(".csv") ? csvRecords(path, onBytes) : ndjsonLines(path, onBytes);
}
