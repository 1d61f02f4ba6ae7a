import { closeSync, openSync, statSync } from "node:fs";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";

/** A file that cannot be read as an import file at all; the message names it and says why, in one line. */
export class UnreadableFileError extends Error {}

/** Bytes read so far from the current file (before gunzip), for progress bars. */
export type OnBytes = (bytes: number) => void;

const isGzip = (path: string) => path.toLowerCase().endsWith(".gz");

function unreadable(path: string, err: unknown): UnreadableFileError {
  const { code, message } = err as NodeJS.ErrnoException;
  if (code === "ENOENT") return new UnreadableFileError(`${path}: no such file`);
  if (code === "EISDIR") return new UnreadableFileError(`${path}: is a directory, not a file`);
  if (code === "EACCES" || code === "EPERM") return new UnreadableFileError(`${path}: permission denied`);
  if (code === "Z_BUF_ERROR") return new UnreadableFileError(`${path}: the gzip data ends early (a cut-off download?)`);
  if (code?.startsWith("Z_")) return new UnreadableFileError(`${path}: not gzip data (${message})`);
  return new UnreadableFileError(`${path}: ${message}`);
}

/** The size of a file that can be opened for reading; anything else (missing, a directory, no permission) is unreadable. */
export function readableSize(path: string): number {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
    closeSync(openSync(path, "r"));
    return stat.size;
  } catch (err) {
    throw unreadable(path, err);
  }
}

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16Boms = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];

/** A file's first bytes without the UTF-8 byte-order mark that Excel's "CSV UTF-8" writes; UTF-16 text is refused. */
function withoutBom(path: string, head: Buffer): Buffer {
  if (utf16Boms.some((bom) => head.subarray(0, 2).equals(bom))) throw new UnreadableFileError(`${path}: UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)`);
  return head.subarray(0, 3).equals(utf8Bom) ? head.subarray(3) : head;
}

/** A file's bytes, gunzipped when its name ends in .gz, without a leading byte-order mark. */
export async function* fileBytes(path: string, onBytes: OnBytes): AsyncGenerator<Buffer> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  raw.on("data", (chunk) => onBytes(chunk.length));
  const bytes = isGzip(path) ? pipeline(raw, createGunzip(), () => {}) : raw;
  let head: Buffer | undefined = Buffer.alloc(0);
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      if (head === undefined) yield chunk;
      else if (head.length + chunk.length >= utf8Bom.length) {
        yield withoutBom(path, Buffer.concat([head, chunk]));
        head = undefined;
      } else head = Buffer.concat([head, chunk]);
    }
  } catch (err) {
    throw err instanceof UnreadableFileError ? err : unreadable(path, err);
  }
  if (head !== undefined && head.length > 0) yield withoutBom(path, head);
}
