import { z } from "zod";

/**
 * Row-field parsers for values read back from ClickHouse. 64-bit integers come quoted (see
 * jsonOutputSettings); sums of counts and fen stay exact as long as they are safe integers, and
 * anything beyond that is an error rather than a silently rounded number.
 */
export const int64 = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(n)) {
    ctx.addIssue({ code: "custom", message: `not a safe integer: ${value}` });
    return z.NEVER;
  }
  return n;
});

export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
