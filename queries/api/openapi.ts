import { docxMediaType } from "../present/bulletin-files.ts";
import { z } from "zod";
import type { ReportParamSchemas } from "../reports/params.ts";
import { forecastReportSchema } from "../reports/forecast-schema.ts";
import { alertListSchema, alertSchema, archivedBulletinSchema, bulletinReportSchema, liveReportSchema, reportSchemas } from "../reports/schemas.ts";
import { collectAnswerSchema, collectBodySchema } from "./collect-answer.ts";
import { collectLimits, collectMediaTypes } from "./collect-body.ts";
import { bulletinListSchema, festivalListSchema, holidayListSchema, meSchema, sitesSchema } from "./schemas.ts";

/** Query parameters of one operation, from the same zod schema the route validates with. */
function queryParameters(schema: z.ZodObject) {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    description: property.description,
    schema: property,
  }));
}

const errors = {
  "400": { description: "a parameter is wrong: {error} names it and its allowed values" },
  "401": { description: "no or unknown bearer token" },
  "403": { description: "the token's role may not see this scope or breakdown" },
};

const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const mediaTypes: Record<string, string> = { json: "application/json", csv: "text/csv", xlsx, docx: docxMediaType, text: "text/plain", md: "text/markdown" };

/** Downloads are chosen with ?format= (not the Accept header), so a link in a browser is enough. */
const formatParameter = (formats: readonly string[]) => ({
  name: "format",
  in: "query",
  required: false,
  description: `answer format, default ${formats[0]}; csv and xlsx are downloads of the report's tables (xlsx: a sheet per table) with headers in the reader's language`,
  schema: { type: "string", enum: formats },
});

/** The reader's language of a csv or xlsx download: headers, names, notes. */
const langParameter = {
  name: "lang",
  in: "query",
  required: false,
  description: "language of a csv or xlsx download's headers, names and notes, default zh",
  schema: { type: "string", enum: ["zh", "en"] },
};

/** A 200 answer with the schema the server's types are inferred from and the dashboard validates with. */
const answer = (description: string, schema: z.core.$ZodType) => ({
  description,
  content: { "application/json": { schema: z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) } },
});

/** A report route: JSON described by `schema` (when the contract has one), or a download in another format. */
const report = (summary: string, params: z.ZodObject, schema: z.core.$ZodType | null, formats: readonly string[] = ["json", "csv", "xlsx"]) => ({
  get: {
    summary,
    security: [{ bearer: [] }],
    parameters: [...queryParameters(params), formatParameter(formats), ...(formats.includes("csv") ? [langParameter] : [])],
    responses: {
      "200": {
        description: "the report as JSON, or in the format asked for",
        content: Object.fromEntries(
          formats.map((f) => [
            mediaTypes[f] ?? "application/json",
            f === "json" && schema ? { schema: z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) } : {},
          ]),
        ),
      },
      ...errors,
    },
  },
});

const collectRequest = z.toJSONSchema(collectBodySchema, { io: "input", unrepresentable: "any" });

/** POST /api/events: the collector of `tourism run` and `start`, with its limits. */
const collect = {
  post: {
    summary:
      `send events of the ingest contracts (up to ${collectLimits.events} a request, ${collectLimits.bytes} bytes as sent, gzip allowed up to ${collectLimits.inflatedBytes} bytes inflated); ` +
      "each is validated and written exactly once by event_id, and the answer gives one outcome per event, in order, once the written ones are stored. " +
      "staff send anything; operator:<id> tickets and gate counts of its own sites; device:<site_id> gate counts of that site's registered gates; planners nothing",
    security: [{ bearer: [] }],
    parameters: [{ name: "Content-Encoding", in: "header", required: false, schema: { type: "string", enum: ["gzip", "identity"] } }],
    requestBody: {
      required: true,
      content: Object.fromEntries(
        collectMediaTypes.map((type) => [
          type,
          type === "application/json" ? { schema: collectRequest } : { schema: { type: "string", description: "one event of the contracts a line (NDJSON)" } },
        ]),
      ),
    },
    responses: {
      "200": answer(
        "one outcome per event, in the order sent: written (queued, when run consumes Kafka), duplicate, conflict or rejected (with the reason)",
        collectAnswerSchema,
      ),
      "400": { description: "the body is not gzip, UTF-8 or JSON, or holds no events" },
      "401": errors["401"],
      "403": { description: "a planner, or none of the events is the token's to send" },
      "413": { description: "too many events, or too many bytes as sent or inflated" },
      "415": { description: "a media type or Content-Encoding not read here" },
      "429": { description: "past the token's rate (TOURISM_COLLECT_REQUESTS_PER_MINUTE); Retry-After says when to retry" },
      "503": { description: "writes are failing (or Kafka is not taking events); nothing of the request was acknowledged; Retry-After says when to retry" },
    },
  },
};

const plain = (summary: string, schema: z.core.$ZodType) => ({
  get: { summary, security: [{ bearer: [] }], responses: { "200": answer(summary, schema), "401": errors["401"] } },
});

/** The OpenAPI 3.1 document served at /api/openapi.json. */
export function openApiDocument(schemas: ReportParamSchemas): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "Langxia–Dayun–Guangchen tourism alliance API",
      version: "1",
      description:
        "Visitor and revenue reports. Money is revenue_fen (integer) plus revenue_cny (two decimals). Percentages are null when the base is 0 or data is incomplete. " +
        "Roles: staff (everything); planner (every scope; revenue only of towns and the alliance over whole past days on each of which, in each town, no operator or at least 3 operators sold); operator:<id> (own operator and sites, alliance-wide aggregates; 403 otherwise; its own revenue, and the alliance's over whole past days on each of which no other operator or at least 3 other operators sold); device:<site_id> (sends its site's gate counts to POST /api/events; 403 on every other route). " +
        "A withheld revenue is null with revenue_withheld: true and revenue_withheld_reason. Ids a token may not see are answered like unknown ones.",
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths: {
      "/healthz": { get: { summary: "liveness", responses: { "200": { description: "ok" } } } },
      "/api/me": plain("the token's role, operator_id and name, and what it may see (views, scopes and their breakdowns, revenue)", meSchema),
      "/api/sites": plain("towns, operators and sites the role may see", sitesSchema),
      "/api/holidays": plain("statutory holiday periods the calendar covers", holidayListSchema),
      "/api/festivals": plain("the alliance's festivals and their editions, with only the sites the role may see", festivalListSchema),
      "/api/reports/holiday": report("a holiday period against the same holiday a year earlier", schemas.holiday, reportSchemas.holiday),
      "/api/reports/festival": report("a festival edition against last year's", schemas.festival, reportSchemas.festival),
      "/api/reports/trend": report("daily, weekly or monthly figures, year on year", schemas.trend, reportSchemas.trend),
      "/api/reports/growth": report("yearly totals, year on year, against a baseline, CAGR", schemas.growth, reportSchemas.growth),
      "/api/reports/forecast": report(
        "a holiday's visitors forecast day by day (80 % and 95 % intervals) made on made_on from the days before it, and the site-days likely to reach 80 % of their daily capacity",
        schemas.forecast,
        forecastReportSchema,
      ),
      "/api/reports/bulletin": report(
        "the holiday bulletin (假日旅游统计日报): the holiday so far, up to as_of on date, against the same days and hour of last year's; a preview (POST /api/bulletins files it); not_cut names the sites whose counts cannot be cut at as_of",
        schemas.bulletin,
        bulletinReportSchema,
        ["json", "text", "md", "xlsx", "docx"],
      ),
      "/api/bulletins": {
        post: {
          summary:
            "file a bulletin as sent (staff only): a JSON object of the bulletin's parameters as strings; one with not_cut sites is refused (400, accept_incomplete) unless accept_incomplete is true",
          security: [{ bearer: [] }],
          responses: { "201": answer("the bulletin as filed", archivedBulletinSchema), ...errors },
        },
        get: {
          summary: "archived bulletins, newest first: staff see all, other roles those generated under their own role",
          security: [{ bearer: [] }],
          parameters: queryParameters(schemas.bulletins),
          responses: { "200": answer("the archived bulletins", bulletinListSchema), "400": errors["400"], "401": errors["401"] },
        },
      },
      "/api/bulletins/{id}": {
        get: {
          summary: "one archived bulletin: its text as sent and the figures it was written from",
          security: [{ bearer: [] }],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: {
            "200": answer("the archived bulletin", archivedBulletinSchema),
            "400": errors["400"],
            "401": errors["401"],
            "404": { description: "no such bulletin the role may read" },
          },
        },
      },
      "/api/live": report(
        "entries, exits and occupancy so far today against capacity and the same time a year earlier, and entries by hour",
        schemas.live,
        liveReportSchema,
      ),
      "/api/live/stream": {
        get: {
          summary: "server-sent events: a live snapshot now and after new events are written, at most once a second",
          security: [{ bearer: [] }],
          parameters: queryParameters(schemas.liveStream),
          responses: {
            "200": { description: "event: snapshot, data: the live report as JSON", content: { "text/event-stream": {} } },
            ...errors,
            "429": {
              description: "the token holds as many open streams as one token may, or the server as many as it takes; Retry-After says when to try again",
            },
          },
        },
      },
      "/api/alerts": report("capacity alerts (changes of level), newest first", schemas.alerts, alertListSchema, ["json"]),
      "/api/events": collect,
      "/api/alerts/{id}/ack": {
        post: {
          summary: "acknowledge an alert (staff only)",
          security: [{ bearer: [] }],
          responses: { "200": answer("the alert", alertSchema), ...errors, "404": { description: "no such alert" } },
        },
      },
    },
  };
}
