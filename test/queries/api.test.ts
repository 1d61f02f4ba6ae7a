import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { buildServer } from "../../queries/api/server.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { qingmingBatches, reportContext, roleTokenBook, roleTokens } from "./fixtures.ts";

const tokens = roleTokens;

let warehouse: Warehouse;
let app: FastifyInstance;

beforeAll(async () => {
  warehouse = await openTestEmbedded("api");
  const context = await reportContext(warehouse, qingmingBatches());
  const book = roleTokenBook(context);
  app = await buildServer({ context, tokens: book, dashboard: false });
});
afterAll(async () => {
  await app?.close();
  await warehouse?.close();
});

const get = (url: string, token?: string) => app.inject({ method: "GET", url, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("authentication", () => {
  it("answers 401 without a token or with an unknown one", async () => {
    for (const url of ["/api/me", "/api/sites", "/api/reports/holiday?holiday=qingming&year=2024"]) {
      expect((await get(url)).statusCode).toBe(401);
      expect((await get(url, "not-a-known-token-at-all")).statusCode).toBe(401);
    }
    expect((await get("/api/me")).json()).toHaveProperty("error");
  });
  it("keeps liveness and the OpenAPI document public", async () => {
    expect((await get("/healthz")).json()).toEqual({ status: "ok" });
    const doc = (await get("/api/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    const holiday = doc.paths["/api/reports/holiday"].get.parameters;
    // Optional: without it the report opens on the latest holiday with data.
    expect(holiday.find((p: { name: string }) => p.name === "holiday")).toMatchObject({
      required: false,
      schema: { enum: expect.arrayContaining(["qingming"]) },
    });
  });
  it("says who holds the token", async () => {
    expect((await get("/api/me", tokens.operator)).json()).toMatchObject({ role: "operator:opA", operator_id: "opA", name: "Farm A" });
    expect((await get("/api/me", tokens.planner)).json()).toMatchObject({ role: "planner", operator_id: null, name: "Planning bureau" });
  });
});

describe("parameters", () => {
  it("answers 400 naming the parameter and its allowed values", async () => {
    const cases: [string, RegExp][] = [
      [
        "/api/reports/holiday?holiday=xmas&year=2024",
        /^holiday: expected one of new_year\|spring_festival\|qingming\|labour_day\|dragon_boat\|mid_autumn\|national_day, got "xmas"$/,
      ],
      ["/api/reports/holiday?holiday=qingming&year=2024&top=0", /^top: expected a number of breakdown rows from 1 to 999, got "0"$/],
      ["/api/reports/holiday?holiday=qingming&year=24", /^year: expected a year YYYY, got "24"$/],
      ["/api/reports/holiday?holiday=qingming&year=2015", /^year: expected a year the holiday calendar covers \(2018–2026\), got 2015$/],
      // A year the State Council has not yet published (or nobody added): where to add it.
      [
        "/api/reports/holiday?holiday=qingming&year=2027",
        /^year: 2027: not in the calendar — add its arrangement to 2027\.json in a directory that TOURISM_HOLIDAYS names, published by the State Council each autumn$/,
      ],
      ["/api/reports/holiday?holiday=qingming&year=2026&baseline=2017", /^baseline: expected a year the holiday calendar covers/],
      ["/api/reports/holiday?holiday=qingming&year=2024&by=town", /^by: expected one of site\|operator, got "town"$/],
      ["/api/reports/holiday?holiday=qingming&year=2024&town=t9", /^town: expected one of t1\|t2, got "t9"$/],
      ["/api/reports/holiday?holiday=qingming&year=2024&town=t1&site=a1", /^site: give at most one of town, site, operator/],
      [
        "/api/reports/holiday?holiday=qingming&year=2024&colour=red",
        /^colour: unknown parameter; expected one of holiday, year, town, site, operator, by, baseline, top$/,
      ],
      ["/api/reports/trend?from=2024-02-30&to=2024-03-01", /^from: expected a date YYYY-MM-DD, got "2024-02-30"$/],
      ["/api/reports/trend?from=2024-03-01&to=2024-03-05&granularity=year", /^granularity: expected one of day\|week\|month, got "year"$/],
      ["/api/reports/growth?from_year=2024&to_year=2020", /^to_year: expected a year ≥ from_year/],
      ["/api/reports/festival?festival=nope&year=2024", /^festival: expected one of spring-fair, got "nope"$/],
    ];
    for (const [url, message] of cases) {
      const response = await get(url, tokens.staff);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error, url).toMatch(message);
    }
  });
});

describe("roles", () => {
  it("gives staff the full report in the issue's shape", async () => {
    const response = await get("/api/reports/holiday?holiday=qingming&year=2024&site=a1", tokens.staff);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      holiday: "qingming",
      year: 2024,
      comparable: false,
      current: { visitors: 425, revenue_fen: 33025, revenue_cny: "330.25" },
      previous: { visitors: 100 },
    });
    // The year on year on the comparable basis (day 1: 130 against 100); the whole periods' as secondary figures.
    expect(body.basis).toMatchObject({ basis: "comparable", days: 1, current_days: 3, previous_days: 1 });
    expect(body.yoy).toEqual({ visitors_pct: 30, revenue_pct: 100, visitors_per_day_pct: 30, peak_day_visitors_pct: 30 });
    expect(body.whole_period_yoy).toEqual({ visitors_pct: 325, revenue_pct: 560.5, visitors_per_day_pct: 41.7, peak_day_visitors_pct: 100 });
  });
  it("withholds per-operator revenue from planners", async () => {
    const body = (await get("/api/reports/holiday?holiday=qingming&year=2024&operator=opA", tokens.planner)).json();
    expect(body).toMatchObject({
      revenue_withheld: true,
      current: { visitors: 425, revenue_fen: null, revenue_cny: null },
      yoy: { revenue_pct: null, visitors_pct: 30 },
      whole_period_yoy: { revenue_pct: null, visitors_pct: 325 },
    });
  });
  it("answers 403 when an operator asks for a town or a per-operator breakdown", async () => {
    for (const url of ["/api/reports/holiday?holiday=qingming&year=2024&by=operator", "/api/reports/growth?from_year=2023&to_year=2024&town=t1"]) {
      const response = await get(url, tokens.operator);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error, url).toMatch(/^operator:opA may not|^operator:opA sees/);
    }
    const own = await get("/api/reports/trend?from=2024-04-04&to=2024-04-06&operator=opA", tokens.operator);
    expect(own.statusCode).toBe(200);
    expect(own.json().rows[0]).toMatchObject({ period: "2024-04-04", visitors: 130, revenue_fen: 10000 });
    const alliance = await get("/api/reports/growth?from_year=2023&to_year=2024", tokens.operator);
    expect(alliance.statusCode).toBe(200);
  });
  it("shows an operator only itself in the register", async () => {
    const body = (await get("/api/sites", tokens.operator)).json();
    expect(body.operators.map((o: { operator_id: string }) => o.operator_id)).toEqual(["opA"]);
    expect(body.sites.map((s: { site_id: string }) => s.site_id)).toEqual(["a1", "a2"]);
    expect((await get("/api/sites", tokens.planner)).json().sites).toHaveLength(4);
  });
  it("lists holidays and festivals", async () => {
    const holidays = (await get("/api/holidays", tokens.planner)).json();
    expect(holidays).toContainEqual({ key: "qingming", keys: ["qingming"], year: 2023, name_zh: "清明节", start: "2023-04-05", end: "2023-04-05", days: 1 });
    expect((await get("/api/festivals", tokens.planner)).json()[0].festival_id).toBe("spring-fair");
  });
});

describe("what an operator's token never shows", () => {
  /** opB runs b1, opC runs g1: opA may see neither, in answers or in errors. */
  const others = ["opB", "opC", "b1", "g1"];
  const scopes = ["", "&operator=opA", "&site=a1", "&site=a2", "&town=t1", "&town=t9", "&operator=opB", "&operator=opZ", "&site=b1", "&site=g1", "&site=zz"];
  const reports = [
    "/api/reports/holiday?holiday=qingming&year=2024",
    "/api/reports/holiday?holiday=qingming&year=2030",
    "/api/reports/festival?festival=spring-fair&year=2024",
    "/api/reports/festival?festival=nope&year=2024",
    "/api/reports/trend?from=2024-04-04&to=2024-04-06",
    "/api/reports/growth?from_year=2023&to_year=2024",
  ];
  const urls = [
    "/healthz",
    "/api/openapi.json",
    "/api/me",
    "/api/sites",
    "/api/holidays",
    "/api/festivals",
    "/api/nowhere",
    ...reports.flatMap((report) => scopes.flatMap((scope) => ["", "&by=site", "&by=operator", "&by=town"].map((by) => `${report}${scope}${by}`))),
  ];

  it("contains no other operator's id or site id, whatever the route, answer or error", async () => {
    const statuses = new Set<number>();
    for (const url of urls) {
      const response = await get(url, tokens.operator);
      statuses.add(response.statusCode);
      // The caller's own words may come back ("got …"); nothing else of another operator may.
      const body = response.body.replaceAll(/got \\"[^"\\]*\\"/g, "got …");
      for (const id of others) expect(body, url).not.toMatch(new RegExp(`\\b${id}\\b`));
    }
    expect([...statuses].sort()).toEqual([200, 400, 403, 404]);
  });

  it("answers for another operator's id exactly as for an id that does not exist", async () => {
    for (const [seen, unknown] of [
      ["operator=opB", "operator=opZ"],
      ["site=b1", "site=zz"],
    ] as const) {
      const a = await get(`/api/reports/trend?from=2024-04-04&to=2024-04-06&${seen}`, tokens.operator);
      const b = await get(`/api/reports/trend?from=2024-04-04&to=2024-04-06&${unknown}`, tokens.operator);
      expect(a.statusCode).toBe(400);
      expect(a.body.replace(seen.split("=")[1]!, "?")).toBe(b.body.replace(unknown.split("=")[1]!, "?"));
    }
  });

  it("shows an operator each festival with its own sites only", async () => {
    expect((await get("/api/festivals", tokens.operator)).json()[0]).toMatchObject({ festival_id: "spring-fair", name_en: "Spring Fair", site_ids: ["a1"] });
    expect((await get("/api/festivals", tokens.staff)).json()[0].site_ids).toEqual(["a1", "b1"]);
  });
});
