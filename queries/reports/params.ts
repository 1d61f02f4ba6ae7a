import { z } from "zod";
import { isIsoDate } from "../../transforms/calendar/dates.ts";
import { holidayKeys } from "../../transforms/calendar/holidays.ts";
import { ParamError } from "./param-error.ts";
import type { ScopeParam } from "./scope.ts";

/**
 * Report parameters as both front ends receive them (strings), validated by one set of zod
 * schemas; every message names the allowed values. The API publishes these schemas in OpenAPI.
 */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => {
  const hint = `expected one of ${values.join("|")}`;
  return z.enum(values, { error: (iss) => (iss.input === undefined ? `required: ${hint}` : `${hint}, got ${JSON.stringify(iss.input)}`) }).meta({ description: hint });
};

const text = (hint: string, pattern: RegExp, check: (value: string) => boolean = () => true) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `required: ${hint}` : `${hint}, got ${JSON.stringify(iss.input)}`) })
    .regex(pattern, { error: (iss) => `${hint}, got ${JSON.stringify(iss.input)}` })
    .refine(check, { error: (iss) => `${hint}, got ${JSON.stringify(iss.input)}` })
    .meta({ description: hint });

const year = text("expected a year YYYY", /^(19|20)\d\d$/).transform(Number);
const localDate = text("expected a date YYYY-MM-DD", /^\d{4}-\d{2}-\d{2}$/, isIsoDate);
const id = (what: string) => text(`expected a ${what} id`, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);

export const breakdowns = ["site", "operator"] as const;
export const granularities = ["day", "week", "month"] as const;
export const alignments = ["date", "weekday"] as const;

const scopeFields = { town: id("town").optional(), site: id("site").optional(), operator: id("operator").optional() };

export const holidayParamsSchema = z.strictObject({ holiday: oneOf(holidayKeys), year, ...scopeFields, by: oneOf(breakdowns).optional(), baseline: year.optional() });
export const festivalParamsSchema = z.strictObject({ festival: id("festival"), year, ...scopeFields, by: oneOf(breakdowns).optional(), baseline: year.optional() });
export const trendParamsSchema = z.strictObject({
  from: localDate,
  to: localDate,
  granularity: oneOf(granularities).default("day"),
  align: oneOf(alignments).default("date"),
  ...scopeFields,
});
export const growthParamsSchema = z.strictObject({ from_year: year, to_year: year, baseline: year.optional(), ...scopeFields });

export type HolidayParamsInput = z.infer<typeof holidayParamsSchema>;
export type FestivalParamsInput = z.infer<typeof festivalParamsSchema>;
export type TrendParamsInput = z.infer<typeof trendParamsSchema>;
export type GrowthParamsInput = z.infer<typeof growthParamsSchema>;

/** Validates raw parameters; the first problem becomes a ParamError naming its parameter. */
export function parseParams<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape).join(", ") : "";
    throw new ParamError(issue.keys[0]!, `unknown parameter; expected one of ${allowed}`);
  }
  throw new ParamError(String(issue.path[0] ?? "parameters"), issue.message);
}

/** At most one of town, site, operator; none means the whole alliance. */
export function scopeParam(params: { town?: string | undefined; site?: string | undefined; operator?: string | undefined }): ScopeParam {
  const given = (["town", "site", "operator"] as const).filter((kind) => params[kind] !== undefined);
  if (given.length > 1) throw new ParamError(given[1]!, `give at most one of town, site, operator (got ${given.join(" and ")})`);
  const kind = given[0];
  return kind ? { kind, id: params[kind]! } : { kind: "alliance" };
}
