import { z } from "zod";
import { DateTime } from "luxon";
import { earliestEvent, siteZone } from "../../ingest/contracts/time.ts";
import { addDays, dayNumber, isIsoDate } from "../../transforms/calendar/dates.ts";
import { missingYearMessage } from "../../transforms/calendar/calendar-listing.ts";
import { type HolidayCalendar, holidayKeys } from "../../transforms/calendar/holidays.ts";
import { ParamError } from "../access/param-error.ts";
import { breakdowns } from "../access/scope.ts";
import { alignments, asOfPattern, bulletinLanguages, granularities } from "./schemas.ts";
import type { ScopeParam } from "../access/scope.ts";

/** Today's date at the sites (YYYY-MM-DD), asked at every parse so a long-running server moves on with the days. */
export type Today = () => string;

/** Nothing is stored before the alliance's systems began (events before it are refused on ingest). */
const firstDate = earliestEvent.toISODate()!;
const firstYear = Number(firstDate.slice(0, 4));

/** Long input is cut in messages, so an error never echoes a megabyte. */
const cut = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
const shown = (input: unknown) => cut(JSON.stringify(input) ?? String(input));

const failure = (hint: string) => (iss: { input?: unknown }) => (iss.input === undefined ? `required: ${hint}` : `${hint}, got ${shown(iss.input)}`);

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => {
  const hint = `expected one of ${values.join("|")}`;
  return z.enum(values, { error: failure(hint) }).meta({ description: hint });
};

const text = (hint: string, pattern: RegExp, check: (value: string) => boolean = () => true) =>
  z
    .string({ error: failure(hint) })
    .regex(pattern, { error: failure(hint), abort: true })
    .refine(check, { error: failure(hint), abort: true });

/** A value from `range()[0]` to `range()[1]`, ordered by `rank`; the range is asked at each parse. */
const within = (schema: z.ZodString, what: string, range: () => [string, string], rank: (value: string) => number) =>
  schema.refine(
    (value) => {
      const [lowest, highest] = range();
      return rank(value) >= rank(lowest) && rank(value) <= rank(highest);
    },
    { error: (iss) => `expected ${what} from ${range().join(" to ")}, got ${shown(iss.input)}` },
  );

const id = (what: string) => {
  const hint = `expected a ${what} id`;
  return text(hint, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/).meta({ description: hint });
};

/**
 * Report parameters as both front ends receive them (strings), validated by one set of zod
 * schemas; every message names the allowed values. The API publishes these schemas in OpenAPI.
 * Bounded by `today`: dates from 2015-01-01 to a year after today, years
 * from 2015 to next year (growth: to this year). Holiday years are further held to the years
 * `calendar` covers (the message says where to add a missing one); festival reports check their
 * editions themselves.
 */
export function reportParamSchemas(today: Today, calendar: HolidayCalendar) {
  const thisYear = () => Number(today().slice(0, 4));
  const year = (what: string, highest: () => number) =>
    within(text("expected a year YYYY", /^\d{4}$/), "a year", () => [String(firstYear), String(highest())], Number)
      .transform(Number)
      .meta({ description: `a year YYYY from ${firstYear} to ${what}` });
  const reportYear = year("next year", () => thisYear() + 1);
  const growthYear = year("this year", thisYear);
  const holidayYear = reportYear
    .refine((value) => calendar.years.includes(value), {
      error: (iss) =>
        Number(iss.input) < calendar.firstYear
          ? `expected a year the holiday calendar covers (${calendar.firstYear}–${calendar.lastYear}), got ${shown(iss.input)}`
          : missingYearMessage(calendar, Number(iss.input)),
    })
    .meta({ description: `a notice year the holiday calendar covers (${calendar.years.join(", ")})` });
  const localDate = within(
    text("expected a date YYYY-MM-DD", /^\d{4}-\d{2}-\d{2}$/, isIsoDate),
    "a date",
    () => [firstDate, addDays(today(), 365)],
    dayNumber,
  ).meta({
    description: `a date YYYY-MM-DD from ${firstDate} to a year after today`,
  });
  const topHint = "expected a number of breakdown rows from 1 to 999";
  const top = text(topHint, /^[1-9]\d{0,2}$/)
    .transform(Number)
    .optional()
    .meta({ description: topHint });
  const scopeFields = { town: id("town").optional(), site: id("site").optional(), operator: id("operator").optional() };
  return {
    // Without holiday or year: the latest holiday (of that key, or that year) with data.
    holiday: z.strictObject({
      holiday: oneOf(holidayKeys).optional(),
      year: holidayYear.optional(),
      ...scopeFields,
      by: oneOf(breakdowns).optional(),
      baseline: holidayYear.optional(),
      top,
    }),
    festival: z.strictObject({
      festival: id("festival").optional(),
      year: reportYear.optional(),
      ...scopeFields,
      by: oneOf(breakdowns).optional(),
      baseline: reportYear.optional(),
      top,
    }),
    forecast: z.strictObject({
      holiday: oneOf(holidayKeys),
      year: holidayYear,
      made_on: localDate.optional(),
      ...scopeFields,
      by: oneOf(["site"]).optional(),
    }),
    trend: z.strictObject({
      from: localDate,
      to: localDate,
      granularity: oneOf(granularities).default("day"),
      align: oneOf(alignments).default("date"),
      ...scopeFields,
    }),
    bulletin: z.strictObject({
      holiday: oneOf(holidayKeys),
      year: reportYear,
      date: localDate.optional(),
      as_of: text("expected a time HH:MM from 00:00 to 24:00", asOfPattern).optional(),
      ...scopeFields,
      lang: oneOf(bulletinLanguages).default("zh"),
    }),
    bulletins: z.strictObject({ holiday: oneOf(holidayKeys).optional(), year: reportYear.optional() }),
    bulletinId: z.strictObject({ id: text("expected a bulletin id (a UUID)", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) }),
    growth: z.strictObject({ from_year: growthYear, to_year: growthYear, baseline: growthYear.optional(), ...scopeFields }),
    live: z.strictObject({ ...scopeFields, at: moment(today).optional() }),
    liveStream: z.strictObject(scopeFields),
    alerts: z.strictObject({ since: moment(today).optional(), site: id("site").optional() }),
  };
}

/** An instant from 2015 to the end of today at the sites: ISO-8601 with an offset, or naive = local time. */
function moment(today: Today) {
  const hint = "expected an ISO-8601 date and time, e.g. 2025-10-03T14:00 (local) or …+08:00";
  return z
    .string({ error: failure(hint) })
    .transform((value, ctx) => {
      const parsed = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? DateTime.fromISO(value, { zone: siteZone, setZone: true }) : null;
      const last = DateTime.fromISO(today(), { zone: siteZone }).endOf("day");
      if (!parsed?.isValid) ctx.addIssue({ code: "custom", message: `${hint}, got ${shown(value)}` });
      else if (parsed < earliestEvent || parsed > last)
        ctx.addIssue({ code: "custom", message: `expected a moment from ${firstDate} to the end of today, got ${shown(value)}` });
      else return parsed;
      return z.NEVER;
    })
    .meta({ description: hint });
}

export type ReportParamSchemas = ReturnType<typeof reportParamSchemas>;
export type HolidayParamsInput = z.infer<ReportParamSchemas["holiday"]>;
export type ForecastParamsInput = z.infer<ReportParamSchemas["forecast"]>;
export type FestivalParamsInput = z.infer<ReportParamSchemas["festival"]>;
export type TrendParamsInput = z.infer<ReportParamSchemas["trend"]>;
export type BulletinParamsInput = z.infer<ReportParamSchemas["bulletin"]>;
export type BulletinsParamsInput = z.infer<ReportParamSchemas["bulletins"]>;
export type GrowthParamsInput = z.infer<ReportParamSchemas["growth"]>;

/** Validates raw parameters; the first problem becomes a ParamError naming its parameter. */
export function parseParams<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape).join(", ") : "";
    throw new ParamError(cut(issue.keys[0]!), `unknown parameter; expected one of ${allowed}`);
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
