import { connect } from "node:net";
import type { FastifyInstance } from "fastify";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { Registry } from "prom-client";
import { z } from "zod";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { collectAnswerSchema } from "../../queries/api/collect-answer.ts";
import { createCollectMetrics } from "../../queries/api/collect-metrics.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { servedHosts } from "../../queries/api/hosts.ts";
import { buildServer } from "../../queries/api/server.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { qingmingBatches, reportContext, roleTokenBook, roleTokens } from "./fixtures.ts";

/**
 * What a hostile client can do to the API: path tricks around authentication, framework errors,
 * foreign Host names, and seeded random parameters on every route and role. Every answer is an
 * expected status within 2 s, never a 500 or a hang, and the server stays healthy.
 */

const tokens = roleTokens;
type Role = keyof typeof tokens;
const roles = Object.keys(tokens) as Role[];

/** Today at the sites for this suite: dates run to 2027-08-01, years to 2027, growth years to 2026. */
const clock = () => DateTime.fromISO("2026-08-01T12:00:00+08:00");

let warehouse: Warehouse;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  warehouse = await openTestEmbedded("api-hostile");
  const context = await reportContext(warehouse, qingmingBatches());
  const book = roleTokenBook(context);
  const lookup = registerLookup(context.register);
  const collect = {
    ingestor: createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() }),
    register: context.register,
    requestsPerMinute: 100_000,
    metrics: createCollectMetrics(new Registry()),
  };
  app = await buildServer({ context, tokens: book, clock, hosts: servedHosts("127.0.0.1", undefined), collect });
  await app.listen({ host: "127.0.0.1", port: 0 });
  port = (app.server.address() as { port: number }).port;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await warehouse?.close();
});

const inject = (url: string, token?: string, headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

interface RawAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** Bytes written by hand on a real socket, read until the server closes it: the status, headers and body. */
function rawExchange(request: string, label = request.slice(0, 60)): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(2000, () => socket.destroy(new Error(`no answer within 2 s to ${label}`)));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const end = text.indexOf("\r\n\r\n");
      const lines = text.slice(0, end).split("\r\n").slice(1);
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), headers, body: text.slice(end + 4) });
    });
    socket.write(request);
  });
}

/** A GET as written by hand: its request line, Host, Connection: close and `lines`. */
const getText = (target: string, lines: string[] = []) => [`GET ${target} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close", ...lines, "", ""].join("\r\n");

/** One GET written by hand (absolute-form targets, raw paths). */
const rawRequest = (target: string, headers: Record<string, string> = {}): Promise<RawAnswer> =>
  rawExchange(
    getText(
      target,
      Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ),
    target,
  );

/** The headers every answer carries, whoever made it: the routes, the framework or Node itself. */
function expectSecured(headers: Record<string, unknown>, label: string): void {
  expect(headers["content-security-policy"], label).toBe("default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'");
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["referrer-policy"], label).toBe("no-referrer");
}

const protectedPaths = [
  "/api/me",
  "/api/sites",
  "/api/holidays",
  "/api/festivals",
  "/api/reports/holiday",
  "/api/reports/festival",
  "/api/reports/trend",
  "/api/reports/growth",
  "/api/reports/forecast",
  "/api/reports/bulletin",
  "/api/bulletins",
  "/api/bulletins/00000000-0000-0000-0000-000000000000",
  "/api/live",
  "/api/alerts",
];

/** Spellings of a path that a naive check of the raw URL would read differently from the router. */
function variants(path: string): string[] {
  const encodedFirst = path.replace(/^\/api\/(.)/, (_m, c: string) => `/api/%${c.charCodeAt(0).toString(16)}`);
  return [
    path.replace("/api/", "/%61pi/"),
    path.replace("/api/", "/%61%70%69/"),
    encodedFirst,
    encodedFirst.toUpperCase().replace("/API/", "/api/"),
    `/${path}`,
    path.replace("/api/", "/api//"),
    `${path}/`,
    `${path}?`,
    `${path};x=1`,
    path.toUpperCase(),
    path.replace("/api/", "/Api/"),
    path.replace("/api/", "/api/./"),
    path.replace("/api/", "/api/x/../"),
    path.replace("/api/", "/api%2F"),
  ];
}

describe("authentication on the matched route", () => {
  it("answers 401 to every protected route and every spelling of it without a token; none answers 200", async () => {
    for (const path of protectedPaths) {
      expect((await inject(path)).statusCode, path).toBe(401);
      expect((await inject(path, "not-a-known-token-at-all")).statusCode, path).toBe(401);
      for (const url of variants(path)) {
        const response = await inject(url);
        expect([400, 401, 404], url).toContain(response.statusCode);
        // What the router maps to the route needs a token; with one it answers.
        if (response.statusCode === 401) expect((await inject(url, tokens.staff)).statusCode, url).not.toBe(401);
      }
    }
    expect((await inject("/%61pi/festivals")).statusCode).toBe(401);
    expect((await inject("/%61pi/festivals", tokens.planner)).statusCode).toBe(200);
  });

  it("guards the live stream on every spelling (it never ends, so only refusals are injected)", async () => {
    for (const url of ["/api/live/stream", ...variants("/api/live/stream")]) {
      expect([400, 401, 404], url).toContain((await inject(url)).statusCode);
      expect([400, 401, 404], url).toContain((await inject(url, "not-a-known-token-at-all")).statusCode);
    }
    expect((await inject("/api/live/stream?site=zz", tokens.staff)).statusCode).toBe(400);
    expect((await inject("/api/live/stream?town=t1", tokens.operator)).statusCode).toBe(403);
  });

  it("checks absolute-form targets on a real socket by the route they reach", async () => {
    for (const path of protectedPaths) {
      for (const target of [`http://127.0.0.1${path}`, `http://127.0.0.1:${port}${path}`, `http://localhost${path.replace("/api/", "/%61pi/")}`]) {
        const answer = await rawRequest(target);
        expect([400, 401, 404], target).toContain(answer.status);
        expect(answer.body, target).not.toMatch(/festival_id|"role"|"sites"/);
      }
    }
    expect((await rawRequest("/api/festivals")).status).toBe(401);
    expect((await rawRequest("/api/festivals", { authorization: `Bearer ${tokens.staff}` })).status).toBe(200);
  });

  it("guards HEAD as GET", async () => {
    expect((await app.inject({ method: "HEAD", url: "/api/festivals" })).statusCode).toBe(401);
    expect((await app.inject({ method: "HEAD", url: "/%61pi/festivals" })).statusCode).toBe(401);
  });

  it("serves only the public routes without a token, and a 404 that says nothing", async () => {
    for (const path of ["/healthz", "/api/openapi.json", "/", "/app.css", "/app.js"]) expect((await inject(path)).statusCode, path).toBe(200);
    expect((await inject("/favicon.ico")).statusCode).toBe(204);
    const missing = await inject("/api/no-such-thing?token=secret");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: "no such path" });
  });
});

describe("HTTP hygiene", () => {
  const post = (url: string, payload: string | Buffer, contentType: string) =>
    app.inject({ method: "POST", url, payload, headers: { "content-type": contentType } });

  it("passes the framework's own refusals through instead of 500", async () => {
    const badJson = await post("/api/reports/trend", "{not json", "application/json");
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error).toMatch(/JSON/);
    expect((await post("/api/reports/trend", Buffer.alloc(5 * 1024 * 1024, 0x61), "application/json")).statusCode).toBe(413);
    // No route takes a body, so an unknown media type meets the 404 first.
    expect([404, 415]).toContain((await post("/api/reports/trend", "<x/>", "application/xml")).statusCode);
  });

  it("sends the security headers on answers, errors and the dashboard's files", async () => {
    const answers = [
      await inject("/"),
      await inject("/app.js"),
      await inject("/healthz"),
      await inject("/api/me"),
      await inject("/nope"),
      await inject("/api/reports/trend?from=x", tokens.staff),
    ];
    answers.push(await post("/api/me", "{", "application/json"));
    for (const answer of answers) expectSecured(answer.headers, answer.raw.req.url ?? "");
    // The page loads only its own script and styles, nothing inline for the CSP to refuse.
    expect(answers[0]!.body).not.toMatch(/<script>|<style|\sstyle=|\son[a-z]+=/i);
  });

  it("sends the security headers on the answers the framework and Node make before any hook runs", async () => {
    const cases: [label: string, request: string, status: number][] = [
      ["bad URL", getText("/%E0%A4%A"), 400],
      ["path segment too long", getText(`/api/bulletins/${"x".repeat(150)}`), 414],
      ["headers too large", getText("/healthz", [`X-Filler: ${"a".repeat(20_000)}`]), 431],
      ["not HTTP", "HELLO THERE\r\n\r\n", 400],
      ["bad header line", getText("/healthz", ["no colon here"]), 400],
      ["no Host", "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n", 400],
      ["unknown Expect", getText("/healthz", ["Expect: tea"]), 417],
      ["no such path", getText("/nope"), 404],
      ["foreign Host", getText("/healthz").replace("Host: 127.0.0.1", "Host: evil.example"), 421],
      ["no token", getText("/api/me"), 401],
      [
        "body too large",
        `POST /api/alerts/x/ack HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer ${tokens.staff}\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{`,
        413,
      ],
      [
        "media type",
        `POST /api/alerts/x/ack HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer ${tokens.staff}\r\nContent-Type: application/xml\r\nContent-Length: 4\r\n\r\n<x/>`,
        415,
      ],
    ];
    for (const [label, request, status] of cases) {
      const answer = await rawExchange(request, label);
      expect(answer.status, label).toBe(status);
      expectSecured(answer.headers, label);
    }
    // Injected requests take the same way through the router (no server response is made for them).
    for (const [url, status] of [
      ["/%E0%A4%A", 400],
      [`/api/bulletins/${"x".repeat(150)}`, 414],
    ] as const) {
      const answer = await inject(url, tokens.staff);
      expect(answer.statusCode, url).toBe(status);
      expectSecured(answer.headers, url);
      expect(answer.json(), url).toEqual({ error: expect.any(String) });
    }
  });

  it("serves loopback Host names with any port and refuses others with 421", async () => {
    for (const host of ["localhost", "localhost:8080", "127.0.0.1:1", "[::1]:8080", "LOCALHOST"])
      expect((await inject("/healthz", undefined, { host })).statusCode, host).toBe(200);
    for (const host of ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example", "[::2]"]) {
      const answer = await inject("/api/festivals", tokens.staff, { host });
      expect(answer.statusCode, host).toBe(421);
      expect(answer.json().error, host).toMatch(/is not served here; expected one of localhost, 127\.0\.0\.1, \[::1\]/);
    }
  });
});

const rng = mulberry32(20_260_801);
const pick = <T>(values: readonly T[]): T => values[Math.floor(rng() * values.length)]!;
const between = (min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

const hostileDates = [
  "0000-01-01",
  "9999-12-31",
  "+010000-01-01",
  "10000-01-01",
  "2019-02-29",
  "2020-02-29",
  "2014-12-31",
  "2015-01-01",
  "2027-08-01",
  "2027-08-02",
  "2024-13-01",
  "2024-00-10",
  "2024-02-30",
  "2024-4-1",
  "2024-04-01T00:00",
  "-2024-04-01",
  "２０２４-０４-０１",
  "20240401",
  "1e309",
  "NaN",
];
const hostileYears = [
  "0",
  "0000",
  "1970",
  "2014",
  "2015",
  "2026",
  "2027",
  "2028",
  "2099",
  "9999",
  "10000",
  "-2024",
  "2024.0",
  " 2024",
  "1e3",
  "０２０２",
  "0x7e8",
];
const hostileText = [
  "",
  " ",
  "null",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "x".repeat(5000),
  "\u0000",
  "'; DROP TABLE footfall_events; --",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "😀",
  "t1\nt2",
];
const unknownNames = ["colour", "__proto__", "constructor", "toString", "from[]", "FROM", "y".repeat(3000), "🙂", "a.b"];

const randomDate = () => `${pad(between(0, 9999), 4)}-${pad(between(0, 13))}-${pad(between(0, 32))}`;
const realDate = () =>
  DateTime.fromISO("2013-01-01")
    .plus({ days: between(0, 6000) })
    .toISODate()!;
/** Per kind of parameter: half plausible values (valid or just out of range), half hostile ones. */
const kindValues: Record<string, [plausible: () => string, hostile: () => string]> = {
  date: [realDate, () => pick([pick(hostileDates), randomDate(), pick(hostileText)])],
  moment: [
    () => `${realDate()}T${pad(between(0, 25))}:${pad(between(0, 61))}${pick(["", ":00+08:00", "Z"])}`,
    () => pick([pick(hostileDates), pick(hostileText)]),
  ],
  year: [() => String(between(2013, 2028)), () => pick([pick(hostileYears), String(between(0, 10_000)), pick(hostileText)])],
  holiday: [() => pick(["qingming", "national_day", "mid_autumn"]), () => pick(["xmas", "QINGMING", ...hostileText])],
  festival: [() => "spring-fair", () => pick(["nope", ...hostileText])],
  town: [() => pick(["t1", "t2", "a1"]), () => pick(["zz", ...hostileText])],
  site: [() => pick(["a1", "a2", "b1", "g1", "t1"]), () => pick(["zz", ...hostileText])],
  operator: [() => pick(["opA", "opB", "opC", "a1"]), () => pick(["zz", ...hostileText])],
  by: [() => pick(["site", "operator"]), () => pick(["town", ...hostileText])],
  granularity: [() => pick(["day", "week", "month"]), () => pick(["year", ...hostileText])],
  align: [() => pick(["date", "weekday"]), () => pick(["lunar", ...hostileText])],
  as_of: [() => `${pad(between(0, 25))}:${pad(between(0, 61))}`, () => pick(["17", "17:00:00", "5pm", "24:01", ...hostileText])],
  lang: [() => pick(["zh", "en"]), () => pick(["fr", "ZH", ...hostileText])],
  format: [() => pick(["json", "csv", "xlsx"]), () => pick(["ods", "XLSX", ...hostileText])],
  bulletin_format: [() => pick(["json", "text", "md", "xlsx", "docx"]), () => pick(["csv", "html", ...hostileText])],
};
const hostileValue = (kind: string) => kindValues[kind]![rng() < 0.5 ? 0 : 1]();
const scope = { town: "town", site: "site", operator: "operator" };

/** Each route: a valid query, each parameter's kind, and the parameters a fault in one may be reported on. */
const routes: { path: string; valid: Record<string, string>; kinds: Record<string, string>; partners?: Record<string, string[]> }[] = [
  {
    path: "/api/reports/holiday",
    valid: { holiday: "qingming", year: "2024" },
    kinds: { holiday: "holiday", year: "year", by: "by", baseline: "year", format: "format", lang: "lang", ...scope },
  },
  {
    path: "/api/reports/bulletin",
    valid: { holiday: "qingming", year: "2024", date: "2024-04-05" },
    kinds: { holiday: "holiday", year: "year", date: "date", as_of: "as_of", lang: "lang", format: "bulletin_format", ...scope },
    // Another holiday or year moves the holiday's dates away from date.
    partners: { holiday: ["date"], year: ["date"] },
  },
  { path: "/api/bulletins", valid: {}, kinds: { holiday: "holiday", year: "year" } },
  {
    path: "/api/reports/festival",
    valid: { festival: "spring-fair", year: "2024" },
    kinds: { festival: "festival", year: "year", by: "by", baseline: "year", format: "format", lang: "lang", ...scope },
  },
  {
    path: "/api/reports/trend",
    valid: { from: "2024-04-01", to: "2024-04-10" },
    kinds: { from: "date", to: "date", granularity: "granularity", align: "align", format: "format", lang: "lang", ...scope },
    partners: { from: ["to"], to: ["from"], granularity: ["to"] },
  },
  {
    path: "/api/reports/growth",
    valid: { from_year: "2023", to_year: "2024" },
    kinds: { from_year: "year", to_year: "year", baseline: "year", format: "format", lang: "lang", ...scope },
    partners: { from_year: ["to_year"], to_year: ["from_year"] },
  },
  {
    path: "/api/reports/forecast",
    valid: { holiday: "qingming", year: "2024", made_on: "2024-04-01" },
    kinds: { holiday: "holiday", year: "year", made_on: "date", by: "by", format: "format", lang: "lang", ...scope },
  },
  { path: "/api/live", valid: {}, kinds: { at: "moment", format: "format", lang: "lang", ...scope } },
  { path: "/api/alerts", valid: {}, kinds: { since: "moment", site: "site" } },
  { path: "/api/me", valid: {}, kinds: {} },
  { path: "/api/sites", valid: {}, kinds: {} },
  { path: "/api/holidays", valid: {}, kinds: {} },
  { path: "/api/festivals", valid: {}, kinds: {} },
];

/** A query with one to three faults planted in a valid one, and the parameters a 400 may name. */
function hostileQuery(route: (typeof routes)[number]): { query: string; faults: Set<string> } {
  const params: Record<string, string[]> = Object.fromEntries(Object.entries(route.valid).map(([k, v]) => [k, [v]]));
  const faults = new Set<string>();
  const names = Object.keys(route.kinds);
  for (let n = rng() < 0.7 ? 1 : between(2, 3); n > 0; n--) {
    const name = names.length > 0 ? pick(names) : pick(unknownNames);
    const kind = Object.hasOwn(route.kinds, name) ? route.kinds[name] : undefined;
    const mutation = kind === undefined ? "unknown" : pick(["value", "value", "value", "repeat", "unknown", "drop"] as const);
    if (kind === undefined || mutation === "unknown") {
      const unknown = pick(unknownNames);
      params[unknown] = [pick(hostileText)];
      faults.add(unknown);
      continue;
    }
    if (mutation === "value") params[name] = [hostileValue(kind)];
    else if (mutation === "repeat")
      params[name] = [hostileValue(kind), hostileValue(kind)]; // ?from=a&from=b
    else delete params[name];
    faults.add(name);
    for (const partner of route.partners?.[name] ?? []) faults.add(partner);
  }
  // Scope parameters refuse each other ("at most one of town, site, operator").
  if (["town", "site", "operator"].some((s) => faults.has(s))) for (const s of ["town", "site", "operator"]) if (params[s]) faults.add(s);
  const search = new URLSearchParams();
  for (const [name, values] of Object.entries(params)) for (const value of values) search.append(name, value);
  return { query: search.toString(), faults };
}

/** The path with some letters percent-encoded: the router decodes them, so the route is the same. */
const encodedPath = (path: string) => path.replace(/[a-z]/g, (c) => (rng() < 0.2 ? `%${c.charCodeAt(0).toString(16)}` : c));

describe("hostile parameters on every route and role (seeded)", () => {
  it("answers each with an expected status within 2 s, never 500; every 400 names the parameter at fault", async () => {
    const normal = "/api/reports/holiday?holiday=qingming&year=2024&site=a1";
    const before = (await inject(normal, tokens.staff)).json();
    const seen = new Set<string>();
    for (const route of routes) {
      for (const role of roles) {
        for (let i = 0; i < 60; i++) {
          const { query, faults } = hostileQuery(route);
          const url = `${rng() < 0.3 ? encodedPath(route.path) : route.path}?${query}`;
          const started = performance.now();
          const response = await inject(url, tokens[role]);
          const ms = performance.now() - started;
          seen.add(`${route.path} ${response.statusCode}`);
          expect(ms, url).toBeLessThan(2000);
          expectSecured(response.headers, url);
          expect([200, 400, 403], `${role} ${url}: ${response.body.slice(0, 200)}`).toContain(response.statusCode);
          if (response.statusCode === 400) {
            const error: string = response.json().error;
            const named = error.slice(0, error.indexOf(":")).replace(/…$/, ""); // long names are cut
            expect(
              [...faults].some((fault) => fault.startsWith(named) && named.length > 0),
              `${url} → ${error.slice(0, 200)}`,
            ).toBe(true);
            expect(error.length, url).toBeLessThan(400);
          }
        }
      }
    }
    // The seed reaches answers and refusals on every report, so no check above went unexercised.
    for (const route of routes.filter((r) => r.path.startsWith("/api/reports/") || r.path === "/api/live"))
      for (const status of [200, 400]) expect(seen, `${route.path} ${status}`).toContain(`${route.path} ${status}`);
    expect([...seen].some((answer) => answer.endsWith(" 403"))).toBe(true);
    expect((await inject("/healthz")).json()).toEqual({ status: "ok" });
    expect((await inject(normal, tokens.staff)).json()).toEqual(before);
  }, 120_000);

  it("answers a hostile bulletin id with 400 naming id (414 when too long), an unknown one with 404, for every role that reads", async () => {
    expect((await inject("/api/bulletins/00000000-0000-0000-0000-000000000000", tokens.device)).statusCode).toBe(403);
    for (const role of roles.filter((r) => r !== "device")) {
      for (const id of [...hostileText.filter((t) => t !== "" && !t.includes("/")), "00000000-0000-0000-0000-00000000000g"]) {
        const response = await inject(`/api/bulletins/${encodeURIComponent(id)}`, tokens[role]);
        // The router itself refuses an over-long path segment (414) before the route sees it.
        expect(response.statusCode, id).toBe(id.length > 100 ? 414 : 400);
        expectSecured(response.headers, id.slice(0, 20));
        if (response.statusCode === 400) expect(response.json().error, id).toMatch(/^id: expected a bulletin id/);
      }
      const missing = await inject("/api/bulletins/00000000-0000-0000-0000-000000000000", tokens[role]);
      expect(missing.statusCode).toBe(404);
    }
  });

  it("lets only staff acknowledge an alert, and answers an unknown or hostile id with 404", async () => {
    const ack = (id: string, role?: Role) =>
      app.inject({ method: "POST", url: `/api/alerts/${encodeURIComponent(id)}/ack`, headers: role ? { authorization: `Bearer ${tokens[role]}` } : {} });
    expect((await ack("x")).statusCode).toBe(401);
    expect((await ack("x", "planner")).statusCode).toBe(403);
    expect((await ack("x", "operator")).statusCode).toBe(403);
    expect((await ack("x", "device")).statusCode).toBe(403);
    for (const id of ["x", "' OR 1=1 --", "y".repeat(3000), "🙂"]) {
      const response = await ack(id, "staff");
      expect([404, 414], id.slice(0, 20)).toContain(response.statusCode); // 414: the router's parameter length limit
      expectSecured(response.headers, id.slice(0, 20));
      expect(response.json().error.length).toBeLessThan(200);
    }
  });

  it("lets only staff file a bulletin, and answers hostile bodies with 400 naming the parameter, never a 500", async () => {
    const file = (payload: string, role?: Role) =>
      app.inject({
        method: "POST",
        url: "/api/bulletins",
        payload,
        headers: { "content-type": "application/json", ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}) },
      });
    const body = JSON.stringify({ holiday: "qingming", year: "2025" });
    expect((await file(body)).statusCode).toBe(401);
    for (const role of ["planner", "operator", "device"] as const) expect((await file(body, role)).statusCode, role).toBe(403);
    for (const payload of [
      "[]",
      "null",
      '"x"',
      JSON.stringify({ holiday: "qingming", year: "2025", accept_incomplete: 1 }),
      JSON.stringify({ holiday: "qingming", year: "2025", nested: { a: 1 } }),
      JSON.stringify({ holiday: "' OR 1=1 --", year: "2025" }),
      JSON.stringify({ holiday: "qingming", year: "9".repeat(5000) }),
      JSON.stringify({ holiday: "qingming", year: "2025", as_of: "25:00" }),
      JSON.stringify({ holiday: "qingming", year: "2025", surprise: "x" }),
    ]) {
      const response = await file(payload, "staff");
      expect(response.statusCode, payload.slice(0, 40)).toBe(400);
      expectSecured(response.headers, payload.slice(0, 20));
      expect(response.json().error.length).toBeLessThan(300);
    }
  });

  it("answers the reported hangs at once with 400 naming the parameter and its range", async () => {
    const cases: [string, RegExp][] = [
      ["/api/reports/trend?from=9999-12-31&to=9999-12-31&align=weekday", /^from: expected a date from 2015-01-01 to 2027-08-01, got "9999-12-31"$/],
      ["/api/reports/trend?from=9999-12-31&to=9999-12-31&align=date", /^from: expected a date from 2015-01-01 to 2027-08-01/],
      ["/api/reports/trend?from=2020-01-01&to=2027-08-02", /^to: expected a date from 2015-01-01 to 2027-08-01, got "2027-08-02"$/],
      ["/api/reports/trend?from=2015-01-01&to=2027-08-01", /^to: expected at most 3700 days from 2015-01-01 with granularity day/],
      ["/api/reports/trend?from=2019-02-29&to=2019-03-01", /^from: expected a date YYYY-MM-DD, got "2019-02-29"$/],
      ["/api/reports/trend?from=2024-04-01&from=2024-04-02&to=2024-04-03", /^from: expected a date YYYY-MM-DD, got \["2024-04-01","2024-04-02"\]$/],
      ["/api/reports/growth?from_year=2099&to_year=2099&baseline=1970", /^from_year: expected a year from 2015 to 2026, got "2099"$/],
      ["/api/reports/growth?from_year=2020&to_year=2024&baseline=1970", /^baseline: expected a year from 2015 to 2026, got "1970"$/],
      ["/api/reports/holiday?holiday=qingming&year=2099", /^year: expected a year from 2015 to 2027, got "2099"$/],
      ["/api/reports/holiday?holiday=qingming&year=2027", /^year: 2027: not in the calendar — add its arrangement to /],
      ["/api/reports/festival?festival=spring-fair&year=2025", /^year: spring-fair has editions in 2023, 2024, not 2025$/],
      [`/api/reports/trend?from=${"2".repeat(5000)}&to=2024-01-01`, /^from: expected a date YYYY-MM-DD, got "2{39}…$/],
    ];
    for (const [url, message] of cases) {
      const started = performance.now();
      const response = await inject(url, tokens.staff);
      expect(performance.now() - started, url).toBeLessThan(2000);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error, url).toMatch(message);
    }
    const leap = await inject("/api/reports/trend?from=2020-02-29&to=2020-02-29", tokens.staff);
    expect(leap.statusCode).toBe(200);
    expect(leap.json().rows[0]).toMatchObject({ period: "2020-02-29", prev_start: null });
    const longest = await inject("/api/reports/trend?from=2015-01-01&to=2027-08-01&granularity=month", tokens.staff);
    expect(longest.statusCode).toBe(200);
    expect(longest.json().rows).toHaveLength(12 * 12 + 8);
  });

  it("answers eight heavy requests at once, each within 2 s, and stays live meanwhile", async () => {
    const heavy = [
      "/api/reports/growth?from_year=2099&to_year=2099&baseline=1970",
      "/api/reports/growth?from_year=2015&to_year=2026&baseline=2015",
      "/api/reports/trend?from=9999-12-31&to=9999-12-31&align=weekday",
      "/api/reports/trend?from=2015-01-01&to=2027-08-01&granularity=day",
      "/api/reports/trend?from=2017-01-01&to=2027-02-15&granularity=day&align=weekday",
      "/api/reports/trend?from=2015-01-01&to=2027-08-01&granularity=week",
      "/api/reports/holiday?holiday=national_day&year=2099&baseline=1970",
      "/api/reports/trend?from=0000-01-01&to=9999-12-31&granularity=month",
    ];
    const started = performance.now();
    const timed = async (url: string, token?: string) => {
      const response = await fetch(`http://127.0.0.1:${port}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      await response.arrayBuffer();
      return { url, status: response.status, ms: performance.now() - started };
    };
    const answers = await Promise.all([...heavy.map((url) => timed(url, tokens.planner)), timed("/healthz")]);
    for (const { url, status, ms } of answers) {
      expect([200, 400], url).toContain(status);
      expect(ms, url).toBeLessThan(2000);
    }
    expect(answers.map((a) => a.status)).toEqual([400, 200, 400, 400, 200, 200, 400, 400, 200]);
  });
});

describe("POST /api/events: hostile bodies from every role (seeded)", () => {
  const post = (payload: string | Buffer, headers: Record<string, string>, url = "/api/events") => app.inject({ method: "POST", url, payload, headers });
  const auth = (role: Role | undefined): Record<string, string> => (role ? { authorization: `Bearer ${tokens[role]}` } : {});

  it("guards every spelling of the route: no token 401, a known one is not", async () => {
    const body = JSON.stringify([
      { type: "footfall", event_id: "spelling", site_id: "zz", gate_id: "g", direction: "in", count: 1, occurred_at: "2025-07-01T10:00:00" },
    ]);
    const json = { "content-type": "application/json" };
    for (const url of ["/api/events", ...variants("/api/events")]) {
      const anonymous = await post(body, json, url);
      expect([400, 401, 404], url).toContain(anonymous.statusCode);
      if (anonymous.statusCode === 401) expect((await post(body, { ...json, ...auth("staff") }, url)).statusCode, url).not.toBe(401);
    }
    expect((await app.inject({ method: "GET", url: "/api/events", headers: auth("staff") })).statusCode).toBe(404);
  });

  /** A plausible event of the test register (a1…g1, gate g), in July 2025 so no report of the suites above moves. */
  const plausibleEvent = (): Record<string, unknown> => {
    const site = pick(["a1", "a2", "b1", "g1"]);
    const base = { event_id: `fz-${between(0, 400)}`, site_id: site, occurred_at: `2025-07-${pad(between(1, 28))}T${pad(between(8, 18))}:00:00` };
    return rng() < 0.5
      ? { type: "footfall", ...base, gate_id: pick(["g", "g", "h"]), direction: pick(["in", "out"]), count: between(0, 50) }
      : {
          type: "ticket",
          ...base,
          action: pick(["sale", "refund", "redeem"]),
          operator_id: pick(["opA", "opB", "opC"]),
          order_id: `o-${between(0, 99)}`,
          ticket_type: "adult",
          channel: "online",
          quantity: between(1, 4),
          amount_cny: `${between(0, 300)}.${pad(between(0, 99))}`,
        };
  };
  const hostileScalars: unknown[] = [
    null,
    true,
    -1,
    Number.MAX_VALUE,
    2 ** 53 + 1,
    "",
    "x".repeat(5000),
    "\u0000",
    "\ud800",
    "'; DROP TABLE footfall_events; --",
    [],
    {},
  ];
  /** A plausible event with one to three fields replaced, removed or added. */
  const hostileEvent = (): unknown => {
    if (rng() < 0.1) return pick(hostileScalars);
    const event = plausibleEvent();
    for (let n = between(0, 3); n > 0; n--) {
      const field = pick([...Object.keys(event), "__proto__", "constructor", "extra"]);
      const mutation = rng();
      if (mutation < 0.3) delete event[field];
      else if (mutation < 0.6) event[field] = pick(hostileScalars);
      else event[field] = pick([...hostileText, ...hostileDates]);
    }
    return event;
  };
  const hostileBody = (): { payload: string | Buffer; headers: Record<string, string> } => {
    const events = Array.from({ length: between(1, 12) }, hostileEvent);
    const shape = rng();
    if (shape < 0.4) return { payload: JSON.stringify(events), headers: { "content-type": "application/json" } };
    if (shape < 0.6) {
      const lines = events.map((e) => (rng() < 0.1 ? JSON.stringify(e).slice(0, 7) : JSON.stringify(e)));
      return { payload: lines.join(pick(["\n", "\r\n", "\n\n"])), headers: { "content-type": pick(["application/x-ndjson", "application/ndjson"]) } };
    }
    if (shape < 0.75) return { payload: gzipSync(JSON.stringify(events)), headers: { "content-type": "application/json", "content-encoding": "gzip" } };
    if (shape < 0.85) {
      const bytes = Buffer.from(Array.from({ length: between(0, 64) }, () => between(0, 255)));
      return { payload: bytes, headers: { "content-type": "application/json", ...(rng() < 0.5 ? { "content-encoding": "gzip" } : {}) } };
    }
    return {
      payload: JSON.stringify(events),
      headers: { "content-type": pick(["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", ""]) },
    };
  };

  it("answers each with an expected status within 2 s, never 500; stores only what each sender may send", async () => {
    const roleOrNone: (Role | undefined)[] = [...roles, undefined];
    const seen = new Set<string>();
    for (const role of roleOrNone) {
      for (let i = 0; i < 80; i++) {
        const { payload, headers } = hostileBody();
        const started = performance.now();
        const response = await post(payload, { ...headers, ...auth(role) });
        expect(performance.now() - started).toBeLessThan(2000);
        const status = response.statusCode;
        seen.add(`${role ?? "none"} ${status}`);
        const allowed = role === undefined ? [401] : role === "planner" ? [403] : [200, 400, 403, 413, 415];
        expect(allowed, `${role} ${String(payload).slice(0, 200)} → ${response.body.slice(0, 200)}`).toContain(status);
        if (status === 200) {
          const answer = collectAnswerSchema.parse(response.json());
          for (const event of answer.events) if (event.outcome === "rejected" || event.outcome === "conflict") expect(event.reason).toBeTruthy();
        } else expect(response.json().error.length).toBeLessThan(400);
      }
    }
    for (const answer of ["staff 200", "operator 200", "device 200", "device 403", "operator 403", "staff 400", "staff 415"]) expect(seen).toContain(answer);

    // What each token stored is in its scope: the device a1's gate counts, the operator opA's sites.
    const bySender = z.object({ source_name: z.string(), kind: z.string(), site_id: z.string(), gate_id: z.string(), operator_id: z.string() });
    const rows = await warehouse.query(
      `SELECT source_name, 'footfall' AS kind, site_id, gate_id, '' AS operator_id FROM footfall_events WHERE source_kind = 'http'
       UNION ALL SELECT source_name, 'ticket', site_id, '', operator_id FROM ticket_events WHERE source_kind = 'http'`,
      {},
      bySender,
    );
    const senders = new Set(rows.map((r) => r.source_name));
    expect(senders).toEqual(new Set(["staff", "operator:opA", "device:a1"]));
    for (const row of rows.filter((r) => r.source_name === "device:a1")) expect(row).toMatchObject({ kind: "footfall", site_id: "a1", gate_id: "g" });
    for (const row of rows.filter((r) => r.source_name === "operator:opA")) {
      expect(["a1", "a2"]).toContain(row.site_id);
      if (row.kind === "ticket") expect(row.operator_id).toBe("opA");
    }
    expect((await inject("/healthz")).json()).toEqual({ status: "ok" });
  }, 120_000);
});
