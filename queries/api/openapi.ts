import { z } from "zod";
import type { ReportParamSchemas } from "../reports/params.ts";

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

const report = (summary: string, schema: z.ZodObject) => ({
  get: { summary, security: [{ bearer: [] }], parameters: queryParameters(schema), responses: { "200": { description: "the report as JSON" }, ...errors } },
});

const plain = (summary: string) => ({ get: { summary, security: [{ bearer: [] }], responses: { "200": { description: "JSON" }, "401": errors["401"] } } });

/** The OpenAPI 3.1 document served at /api/openapi.json. */
export function openApiDocument(schemas: ReportParamSchemas): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "Langxia–Dayun–Guangchen tourism alliance API",
      version: "1",
      description:
        "Visitor and revenue reports. Money is revenue_fen (integer) plus revenue_cny (two decimals). Percentages are null when the base is 0 or data is incomplete. " +
        "Roles: staff (everything); planner (every scope; revenue only for figures to which at least 3 operators contributed); operator:<id> (own operator and sites, alliance-wide aggregates; 403 otherwise; its own revenue, and other revenue only with at least 3 other contributing operators). " +
        "A withheld revenue is null with revenue_withheld: true and revenue_withheld_reason. Ids a token may not see are answered like unknown ones.",
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths: {
      "/healthz": { get: { summary: "liveness", responses: { "200": { description: "ok" } } } },
      "/api/me": plain("the token's role, operator_id and name"),
      "/api/sites": plain("towns, operators and sites the role may see"),
      "/api/holidays": plain("statutory holiday periods 2018–2026"),
      "/api/festivals": plain("the alliance's festivals and their editions"),
      "/api/reports/holiday": report("a holiday period against the same holiday a year earlier", schemas.holiday),
      "/api/reports/festival": report("a festival edition against last year's", schemas.festival),
      "/api/reports/trend": report("daily, weekly or monthly figures, year on year", schemas.trend),
      "/api/reports/growth": report("yearly totals, year on year, against a baseline, CAGR", schemas.growth),
      "/api/live": report("entries, exits and occupancy so far today against capacity and the same time a year earlier", schemas.live),
      "/api/live/stream": report("server-sent events: a live snapshot now and after new events are written, at most once a second", schemas.liveStream),
      "/api/alerts": report("capacity alerts (changes of level), newest first", schemas.alerts),
      "/api/alerts/{id}/ack": {
        post: {
          summary: "acknowledge an alert (staff only)",
          security: [{ bearer: [] }],
          responses: { "200": { description: "the alert" }, ...errors, "404": { description: "no such alert" } },
        },
      },
    },
  };
}
