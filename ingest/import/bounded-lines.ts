/** The longest line an import reads: Kafka's stock limit for one message, far above any event. */
export const maxLineBytes = 1 << 20;
/** How far past that limit a line is skipped looking for its end; no line end by then, and the file is read no further. */
export const maxSkipBytes = 256 << 20;
/** How much of a line too long to read is kept, for the rejects file. */
export const keptHeadBytes = 1024;

/** A line of a file: its bytes without the line end (LF or CRLF), or, when it is too long, its length and first bytes. */
export type Line = { bytes: Buffer } | { tooLong: { length: number; head: Buffer; unended: boolean } };

/**
 * A stream of bytes as lines, each read with at most `maxLineBytes` in memory: a longer line is
 * skipped to its end and reported by its length and head. When no line end comes within
 * `maxSkipBytes` (a binary file, /dev/zero), that is reported and reading stops.
 */
export async function* boundedLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Line> {
  let pieces: Buffer[] = [];
  let length = 0;
  let skipped: { length: number; head: Buffer } | undefined;

  const take = (piece: Buffer) => {
    if (skipped) skipped.length += piece.length;
    else if (length + piece.length > maxLineBytes) {
      const head = Buffer.concat([...pieces, piece.subarray(0, keptHeadBytes)]).subarray(0, keptHeadBytes);
      skipped = { length: length + piece.length, head: Buffer.from(head) };
      pieces = [];
    } else {
      pieces.push(piece);
      length += piece.length;
    }
  };
  const finish = (): Line => {
    const line: Line = skipped ? { tooLong: { ...skipped, unended: false } } : { bytes: withoutCr(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces)) };
    pieces = [];
    length = 0;
    skipped = undefined;
    return line;
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; start = end + 1, end = chunk.indexOf(0x0a, start)) {
      take(chunk.subarray(start, end));
      yield finish();
    }
    take(chunk.subarray(start));
    if (skipped && skipped.length > maxSkipBytes) {
      yield { tooLong: { ...skipped, unended: true } };
      return;
    }
  }
  if (skipped || length > 0) yield finish();
}

const withoutCr = (bytes: Buffer) => (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes);
