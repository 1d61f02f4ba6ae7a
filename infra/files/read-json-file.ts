import { readFileSync } from "node:fs";
import type { z } from "zod";

/**
 * A small JSON file (a state or marker file the process keeps) read against its schema: undefined
 * when the file cannot be read, else the schema's verdict, text that is not JSON failing it too.
 * What a bad file means is the caller's: a stale marker to ignore, or a line naming the file.
 */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>): z.ZodSafeParseResult<T> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return schema.safeParse(json);
}
