import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as z from "zod/mini";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { OfferedScope } from "../../queries/access/capabilities.ts";
import { bulletinListSchema, errorBodySchema, holidayListSchema, meSchema, sitesSchema } from "../../queries/api/schemas.ts";
import { buildServer } from "../../queries/api/server.ts";
import { alertId, alertStore } from "../../ingest/alerts/alert-store.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { archiveBulletin } from "../../queries/reports/bulletin-archive.ts";
import { bulletinFigures } from "../../queries/reports/bulletin.ts";
import { bulletinText } from "../../queries/present/bulletin-text.ts";
import { alertListSchema, archivedBulletinSchema, bulletinReportSchema, liveReportSchema, reportSchemas } from "../../queries/reports/schemas.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { footfall, qingmingBatches, reportContext, roleTokenBook, roleTokens, ticket } from "./fixtures.ts";

/**
 * The contract between the API and the dashboard: every answer the API gives, to every role,
 * for every scope and breakdown /api/me offers it, validates against the one schema the server's
 * types come from and the dashboard reads with.
 */
const tokens = roleTokens;

let warehouse: Warehouse;
let app: FastifyInstance;
let archivedId: string;
const webhookKey = "hook-secret-0001";

beforeAll(async () => {
  warehouse = await openTestEmbedded("contract");
  // opC sells too on one day, so that a planner is shown some alliance revenue (three operators) and denied the rest.
  const third = [footfall("c-f1", "g1", "2024-04-05T10:00:00", 25), ticket("c-t1", "g1", "sale", "2024-04-05T10:00:00", "80.00")];
  const context = await reportContext(warehouse, [...qingmingBatches(), third]);
  const figures = await bulletinFigures(context, cliStaff, { holiday: "qingming", year: 2024, date: "2024-04-05", as_of: "15:00", lang: "en" }, "2024-04-06");
  archivedId = (await archiveBulletin(warehouse, cliStaff, figures, "en", bulletinText(figures, "en"))).id;
  // An alert on operator A's site, delivered to one webhook whose address holds its key, failing at another.
  const alerts = alertStore(warehouse);
  const alert = {
    occurred_at: "2024-04-05T02:00:00Z",
    local_date: "2024-04-05",
    site_id: "a1",
    measure: "instant",
    level: "warning",
    previous_level: "normal",
    crossing: 1,
  } as const;
  await alerts.raise(
    [{ ...alert, alert_id: alertId("a1", "instant", "2024-04-05", "warning", 1), figure: 85, capacity: 100, late: true }],
    "2024-04-05 02:00:01.000",
  );
  const hooks = [`https://hooks.example/send?key=${webhookKey}`, `https://hooks.example/send?key=${webhookKey}-2`];
  const ids = [alertId("a1", "instant", "2024-04-05", "warning", 1)];
  await alerts.recordAttempt(ids, { hook: hooks[0]!, hooks, delivered: true, next_attempt_at: "2024-04-05 02:01:00.000", error: "" });
  await alerts.recordAttempt(ids, {
    hook: hooks[1]!,
    hooks,
    delivered: false,
    next_attempt_at: "2024-04-05 02:01:00.000",
    error: "webhook 2 (wecom): HTTP 503",
  });
  const book = roleTokenBook(context);
  app = await buildServer({ context, tokens: book, dashboard: false });
});
afterAll(async () => {
  await app?.close();
  await warehouse?.close();
});

async function get(token: string, url: string): Promise<{ status: number; body: unknown }> {
  const response = await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.json() };
}

/** The schema's complaints about an answer, one line each: none when it validates. */
function problems(schema: z.ZodMiniType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

const scopeQuery = (scope: OfferedScope) => (scope.kind === "alliance" ? "" : `&${scope.kind}=${scope.id}`);

/** Every report request a role's capabilities allow, over the fixture's Qingming data and around 29 February. */
function requests(scopes: OfferedScope[]): { report: keyof typeof reportSchemas; url: string }[] {
  return scopes.flatMap((scope) => {
    const where = scopeQuery(scope);
    const bys = ["", ...scope.breakdowns.map((by) => `&by=${by}`)];
    return [
      ...bys.map((by) => ({ report: "holiday" as const, url: `/api/reports/holiday?holiday=qingming&year=2024&baseline=2023${where}${by}` })),
      ...bys.map((by) => ({ report: "festival" as const, url: `/api/reports/festival?festival=spring-fair&year=2024&baseline=2023${where}${by}` })),
      { report: "trend", url: `/api/reports/trend?from=2024-02-27&to=2024-04-07&granularity=day&align=date${where}` },
      { report: "trend", url: `/api/reports/trend?from=2024-03-01&to=2024-04-30&granularity=week&align=weekday${where}` },
      { report: "trend", url: `/api/reports/trend?from=2023-01-01&to=2024-12-31&granularity=month&align=date${where}` },
      { report: "growth", url: `/api/reports/growth?from_year=2023&to_year=2024&baseline=2023${where}` },
    ];
  });
}

/** Every revenue_withheld flag in an answer, at any depth. */
function withheldFlags(value: unknown): boolean[] {
  if (Array.isArray(value)) return value.flatMap(withheldFlags);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === "revenue_withheld" && typeof inner === "boolean" ? [inner] : withheldFlags(inner)));
}

describe("the API's answers against the shared schemas", () => {
  for (const role of ["staff", "planner", "operator"] as const) {
    it(`holds for every answer to ${role}`, async () => {
      const me = await get(tokens[role], "/api/me");
      expect(problems(meSchema, me.body)).toEqual([]);
      const { scopes } = meSchema.parse(me.body).capabilities;
      expect(problems(sitesSchema, (await get(tokens[role], "/api/sites")).body)).toEqual([]);
      expect(problems(holidayListSchema, (await get(tokens[role], "/api/holidays")).body)).toEqual([]);

      const answered = new Set<string>();
      const flags = new Set<boolean>();
      for (const { report, url } of requests(scopes)) {
        const { status, body } = await get(tokens[role], url);
        if (report === "festival" && status === 400) {
          // A scope without a site in the festival is a wrong argument, answered as such.
          expect(problems(errorBodySchema, body), url).toEqual([]);
          continue;
        }
        expect(status, url).toBe(200);
        expect(problems(reportSchemas[report], body), url).toEqual([]);
        answered.add(report);
        for (const flag of withheldFlags(body)) flags.add(flag);
      }
      expect([...answered].sort()).toEqual(["festival", "growth", "holiday", "trend"]);
      // Staff see every revenue; planners and operator A have figures with too few (other) operators.
      expect([...flags].sort()).toEqual(role === "staff" ? [false] : [false, true]);
    });
  }

  for (const role of ["staff", "planner", "operator"] as const) {
    it(`holds for the bulletin, its archive and the live snapshot, to ${role}`, async () => {
      const bulletin = await get(tokens[role], "/api/reports/bulletin?holiday=qingming&year=2024&date=2024-04-05&as_of=15:00");
      expect(bulletin.status).toBe(200);
      expect(problems(bulletinReportSchema, bulletin.body)).toEqual([]);
      const live = await get(tokens[role], "/api/live?at=2024-04-05T15:00");
      expect(live.status).toBe(200);
      expect(problems(liveReportSchema, live.body)).toEqual([]);
      const archive = await get(tokens[role], "/api/bulletins?holiday=qingming");
      expect(problems(bulletinListSchema, archive.body)).toEqual([]);
      // Only staff read a bulletin generated under the staff role.
      expect((archive.body as unknown[]).length).toBe(role === "staff" ? 1 : 0);
      const shown = await get(tokens[role], `/api/bulletins/${archivedId}`);
      if (role === "staff") expect(problems(archivedBulletinSchema, shown.body)).toEqual([]);
      else expect(shown.status).toBe(404);
    });

    it(`answers alerts to ${role} without webhook addresses, delivery errors to staff only`, async () => {
      const response = await app.inject({ method: "GET", url: "/api/alerts", headers: { authorization: `Bearer ${tokens[role]}` } });
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(webhookKey);
      expect(problems(alertListSchema, response.json())).toEqual([]);
      const [alert] = alertListSchema.parse(response.json()).alerts;
      expect(alert).toMatchObject({ site_id: "a1", level: "warning", attempts: 2, delivery_state: "pending" });
      expect(alert!.last_error).toBe(role === "staff" ? "webhook 2 (wecom): HTTP 503" : null);
    });
  }

  it("is published in the OpenAPI document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    for (const report of Object.keys(reportSchemas)) {
      const schema = doc.paths[`/api/reports/${report}`].get.responses["200"].content["application/json"].schema;
      expect(schema).toMatchObject({ properties: { report: { const: report }, scope: { additionalProperties: false } } });
    }
    const answer = (path: string) => doc.paths[path].get.responses["200"].content["application/json"].schema;
    expect(answer("/api/reports/bulletin")).toMatchObject({ properties: { report: { const: "bulletin" }, text: { type: "string" } } });
    expect(answer("/api/live")).toMatchObject({ properties: { report: { const: "live" } } });
    expect(answer("/api/bulletins")).toMatchObject({ type: "array", items: { properties: { generated_by: { type: "string" } } } });
    expect(answer("/api/bulletins/{id}")).toMatchObject({ properties: { figures: { properties: { report: { const: "bulletin" } } } } });
    const me = doc.paths["/api/me"].get.responses["200"].content["application/json"].schema;
    expect(me.properties.capabilities.required).toEqual(["views", "scopes", "revenue"]);
  });

  it("refuses in the error shape", async () => {
    const refused = await get(tokens.operator, "/api/reports/holiday?holiday=qingming&year=2024&town=t1");
    expect(refused.status).toBe(403);
    expect(problems(errorBodySchema, refused.body)).toEqual([]);
  });

  it("rejects an answer that breaks the disclosure rule's shape", () => {
    const shown = { year: 2024, visitors: 10, complete: true, missing_days: 0, revenue_fen: 100, revenue_cny: "1.00", no_data_reason: null };
    const growth = (figures: object) => ({
      report: "growth",
      from_year: 2024,
      to_year: 2024,
      scope: { kind: "alliance", id: null, name_zh: "联盟", name_en: "Alliance" },
      revenue_withheld: false,
      years: [{ ...figures, visitors_yoy_pct: null, revenue_yoy_pct: null, visitors_vs_baseline_pct: null, revenue_vs_baseline_pct: null }],
      baseline: null,
      cagr: { years: 0, visitors_pct: null, revenue_pct: null },
    });
    expect(problems(reportSchemas.growth, growth({ ...shown, revenue_withheld: false, revenue_withheld_reason: null }))).toEqual([]);
    // Withheld yet a figure given, or withheld without its reason: the dashboard would show what it must not.
    expect(problems(reportSchemas.growth, growth({ ...shown, revenue_withheld: true, revenue_withheld_reason: "threshold rule" }))).not.toEqual([]);
    expect(
      problems(reportSchemas.growth, growth({ ...shown, revenue_fen: null, revenue_cny: null, revenue_withheld: true, revenue_withheld_reason: null })),
    ).not.toEqual([]);
    // A year without data is null with the reason: never 0, and never a figure beside the reason.
    const none = { year: 2024, visitors: null, complete: false, missing_days: 366, revenue_fen: null, revenue_cny: null, revenue_withheld: false };
    expect(problems(reportSchemas.growth, growth({ ...none, revenue_withheld_reason: null, no_data_reason: "no data" }))).toEqual([]);
    expect(problems(reportSchemas.growth, growth({ ...none, visitors: 0, revenue_withheld_reason: null, no_data_reason: "no data" }))).not.toEqual([]);
    expect(problems(reportSchemas.growth, growth({ ...none, revenue_withheld_reason: null, no_data_reason: null }))).not.toEqual([]);
  });
});
