import type { DateTime } from "luxon";
import type { z } from "zod";
import { defaultFutureToleranceMinutes } from "../../infra/config.ts";
import type { RegisterLookup } from "../../transforms/register/register.ts";
import { type EventSource, sourceColumns } from "../kinds/event-kind.ts";
import { type EventKind, type ValidEvent, eventKindNames, eventKinds, isEventKind } from "../kinds/registry.ts";
import { parseEvent } from "./parse.ts";

export type Validation = ({ ok: true } & ValidEvent) | { ok: false; reason: string };

const invalid = (reason: string): Validation => ({ ok: false, reason });

const expectedTypes = eventKindNames.map((kind) => JSON.stringify(kind)).join(" or ");

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.join(".") || "event";
  return `${field}: ${issue.message}`;
}

/**
 * The validate step: one JSON object becomes a warehouse row of its kind, or says in words why not.
 * `expected` is the kind the topic carries; undefined for import files, which mix kinds. `now` is the
 * clock the process runs on; an event stamped more than `toleranceMinutes` after it is invalid.
 */
export function validateKind(
  json: object,
  expected: EventKind | undefined,
  register: RegisterLookup,
  now: DateTime,
  source: EventSource,
  toleranceMinutes = defaultFutureToleranceMinutes,
): Validation {
  const type = (json as { type?: unknown }).type;
  if (!isEventKind(type)) return invalid(`type: expected ${expectedTypes}, got ${JSON.stringify(type)}`);
  if (expected && type !== expected) return invalid(`wrong topic: a ${type} event on the ${expected} topic`);
  return validateAs(type, json, register, now, source, toleranceMinutes);
}

/** Parse, then validate: one message's text (Kafka value or import line) as a warehouse row, or why not. */
export function validateEvent(
  text: string,
  expected: EventKind | undefined,
  register: RegisterLookup,
  now: DateTime,
  source: EventSource,
  toleranceMinutes = defaultFutureToleranceMinutes,
): Validation {
  const parsed = parseEvent(text);
  if (!parsed.ok) return parsed;
  return validateKind(parsed.value, expected, register, now, source, toleranceMinutes);
}

function validateAs<K extends EventKind>(
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
