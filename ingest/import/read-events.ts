import { Readable, pipeline } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { z } from "zod";
import { eventKindNames, eventKinds } from "../kinds/registry.ts";
import type { IncomingMessage } from "../pipeline/ingest-messages.ts";
import { type Decoded, decodeUtf8 } from "../steps/decode.ts";
import { boundedLines, type Line, maxLineBytes, maxSkipBytes } from "./bounded-lines.ts";
import { fileBytes, type OnBytes } from "./file-bytes.ts";

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

/** A line too long to be an event, as a message already refused: its first bytes stand in for it in the rejects file. */
function tooLongMessage(path: string, position: number, { length, head, unended }: { length: number; head: Buffer; unended: boolean }): IncomingMessage {
  const reason = unended
    ? `no line end within ${maxSkipBytes >> 20} MiB (not a file of lines?); the rest of the file is not read`
    : `line of ${length} bytes, longer than the ${maxLineBytes >> 20} MiB a line may have`;
  return { text: `${decodeUtf8(head).text}…`, invalid: reason, source: { kind: "file", name: path, partition: 0, position } };
}

async function* ndjsonLines(path: string, lines: AsyncIterable<Line>): AsyncGenerator<IncomingMessage> {
  let position = 0;
  for await (const line of lines) {
    position += 1;
    if ("tooLong" in line) {
      yield tooLongMessage(path, position, line.tooLong);
      continue;
    }
    const decoded = decodeUtf8(line.bytes);
    if (decoded.invalid === undefined && decoded.text.trim() === "") continue;
    yield { ...decoded, source: { kind: "file", name: path, partition: 0, position } };
  }
}

const lineEnd = Buffer.from("\n");

async function* csvRecords(path: string, lines: AsyncIterable<Line>): AsyncGenerator<IncomingMessage> {
  // Refused before the parser sees them: lines too long (an empty line takes their place, so that
  // line numbers hold) and records the parser skips for an error of their own.
  const refused: IncomingMessage[] = [];
  const refuse = (position: number, invalid: string) => refused.push({ text: "", invalid, source: { kind: "file", name: path, partition: 0, position } });
  let position = 0;
  async function* parserInput(): AsyncGenerator<Buffer> {
    for await (const line of lines) {
      position += 1;
      if ("tooLong" in line) refused.push(tooLongMessage(path, position, line.tooLong));
      else yield line.bytes;
      yield lineEnd;
    }
  }
  // Cells stay bytes (encoding null) so that each record is decoded, and refused, on its own.
  let header: Decoded[] = [];
  // csv-parse types the header as strings; under encoding null it is Buffers.
  const columns = (names: unknown[]) => {
    header = names.map((name) => decodeUtf8(name as Buffer));
    return header.map((name) => name.text);
  };
  let lastSkip = "";
  const parser = pipeline(
    Readable.from(parserInput(), { objectMode: false }),
    parse({
      columns,
      encoding: null,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      max_record_size: maxLineBytes,
      skip_records_with_error: true,
      // A record too long is reported once per chunk the parser is given; one rejection is enough.
      on_skip: (err) => {
        const at = `${err?.code}@${err?.lines}`;
        if (at !== lastSkip) refuse(typeof err?.lines === "number" ? err.lines : position, `CSV: ${err?.message}`);
        lastSkip = at;
        return undefined;
      },
    }),
    () => {},
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, Buffer>; info: { lines: number } }>) {
      yield* refused.splice(0);
      const cells = Object.entries(record).map(([field, cell]) => [field, decodeUtf8(cell)] as const);
      const invalid = [...header, ...cells.map(([, cell]) => cell)].find((cell) => cell.invalid !== undefined)?.invalid;
      const text = JSON.stringify(csvRecordToEvent(Object.fromEntries(cells.map(([field, cell]) => [field, cell.text]))));
      yield { text, ...(invalid ? { invalid } : {}), source: { kind: "file", name: path, partition: 0, position: info.lines } };
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // An error the parser cannot step over (a header it cannot use): the file ends here, said once.
    refuse(position, `CSV: ${err.message}; the rest of the file is not read`);
  }
  yield* refused.splice(0);
}

/** The events of one import file, NDJSON or (by its .csv ending) CSV with a header row; gzipped when it ends in .gz. */
export function readEventFile(path: string, onBytes: OnBytes = () => {}): AsyncGenerator<IncomingMessage> {
  const lines = boundedLines(fileBytes(path, onBytes));
  return /\.csv(\.gz)?$/i.test(path) ? csvRecords(path, lines) : ndjsonLines(path, lines);
}
