import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { ConfigError } from "../infra/config.ts";

/**
 * A data file (register, festivals) that cannot be used; the message names the file and the
 * problem. The files are configuration, so the CLI reports them like a bad setting: one line, exit 2.
 */
export class DataFileError extends ConfigError {}

/** `sites[3].town_id` from zod's ["sites", 3, "town_id"]. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join("") || "(top level)";
}

/** Validates already-parsed JSON; `label` names its origin in the error. */
export function parseDataFile<T>(json: unknown, schema: z.ZodType<T>, label: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : "";
  throw new DataFileError(`${label}: ${issuePath(issue.path)}: ${issue.message}${more}`);
}

/** Reads, parses and validates a JSON data file. */
export async function readDataFile<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
  const label = `${what} ${path}`;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new DataFileError(`${label}: cannot read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataFileError(`${label}: not JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return parseDataFile(json, schema, label);
}
