import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { DayBatch } from "./generate.ts";

/** Writes the stream as NDJSON (the format of `tourism import`), one message a line, in arrival order. */
export async function writeNdjson(path: string, days: Iterable<DayBatch>, onDay?: (batch: DayBatch) => void): Promise<number> {
  const out = createWriteStream(path, { encoding: "utf8" });
  let lines = 0;
  try {
    for (const day of days) {
      let chunk = "";
      for (const message of day.messages) chunk += `${message.text}\n`;
      lines += day.messages.length;
      if (!out.write(chunk)) await once(out, "drain");
      onDay?.(day);
    }
  } finally {
    out.end();
    await once(out, "finish");
  }
  return lines;
}
