import type { DateTime } from "luxon";
import type { z } from "zod";
import { defaultFutureToleranceMinutes } from "../../infra/config.ts";
import type { RegisterLookup } from "../../transforms/register/register.ts";
import { type EventSource, sourceColumns } from "../kinds/event-kind.ts";
import { type EventKind, type ValidEvent, eventKindNames, eventKinds, isEventKind } from "../kinds/registry.ts";

export type Validation = ({ ok: true } & ValidEvent) | { ok: false; reason: string };

const invalid = (reason: string): Validation => ({ ok: false, reason });

const expectedTypes = eventKindNames.map((kind) => JSON.stringify(kind)).join(" or ");

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.join(".") || "event";
  return `${field}: ${issue.message}`;
}

/**
 * Turns one message (Kafka value or import line) into a warehouse row, or says in words why not.
 * `expected` is the kind the topic carries; undefined for import files, which mix kinds. `now` is the
 * clock the process runs on; an event stamped more than `toleranceMinutes` after it is invalid.
 */
export function validateEvent(
  text: string,
  expected: EventKind | undefined,
  register: RegisterLookup,
  now: DateTime,
  source: EventSource,
  toleranceMinutes = defaultFutureToleranceMinutes,
): Validation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return invalid(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return invalid("not a JSON object");
  const type = (json as { type?: unknown }).type;
  if (!isEventKind(type)) return invalid(`type: expected ${expectedTypes}, got ${JSON.stringify(type)}`);
  if (expected && type !== expected) return invalid(`wrong topic: a ${type} event on the ${expected} topic`);
  return validateKind(type, json, register, now, source, toleranceMinutes);
}

function validateKind<K extends EventKind>(
  kind: K,
  json: object,
  register: RegisterLookup,
  now: DateTime,
  source: EventSource,
  toleranceMinutes: number,
): Validation {
  const spec = eventKinds[kind];
  const parsed = spec.schema.safeParse(json);
  if (!parsed.success) return invalid(firstIssue(parsed.error));
  const result = spec.toRow(parsed.data, register, now, sourceColumns(source), toleranceMinutes);
  if ("reason" in result) return invalid(result.reason);
  // The row is the kind's own: TypeScript cannot follow a generic kind into the union of events.
  return { ok: true, kind, row: result.row } as Validation;
}
