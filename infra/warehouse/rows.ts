import { z } from "zod";

/**
 * Row-field parsers for values read back from ClickHouse. 64-bit integers come quoted (see
 * sessionSettings); sums of counts and fen stay exact as long as they are safe integers, and
 * anything beyond that is an error rather than a silently rounded number.
 */

/** A quoted or plain integer as a number, or undefined when it is not a safe integer. */
function safeInteger(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

export const int64 = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const n = safeInteger(value);
  if (n === undefined) {
    ctx.addIssue({ code: "custom", message: `not a safe integer: ${value}` });
    return z.NEVER;
  }
  return n;
});

/**
 * Whole arrays checked in one loop rather than element by element through the schema: a report's
 * row of day arrays holds thousands of values, which per-element parsing took milliseconds over.
 */
export const int64Array = z.unknown().transform((value, ctx) => {
  if (!Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: "expected an array of integers" });
    return z.NEVER;
  }
  const out = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) {
    const n = safeInteger(value[i]);
    if (n === undefined) {
      ctx.addIssue({ code: "custom", message: `not a safe integer at [${i}]: ${value[i]}` });
      return z.NEVER;
    }
    out[i] = n;
  }
  return out;
});

export const integerArray = z.custom<number[]>((value) => Array.isArray(value) && value.every(Number.isSafeInteger), "expected an array of integers");

export const stringArray = z.custom<string[]>(
  (value) => Array.isArray(value) && value.every((item) => typeof item === "string"),
  "expected an array of strings",
);

export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
