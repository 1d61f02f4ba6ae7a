import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import type { FastifyInstance } from "fastify";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityHeaders } from "../../infra/http/security-headers.ts";
import { serveObservability } from "../../ingest/observability/http.ts";

/** The ingest worker's /metrics and /healthz answer, and refuse, with the API's security headers. */

let app: FastifyInstance;
let port: number;
let healthy = true;

beforeAll(async () => {
  app = await serveObservability(0, new Registry(), () => healthy);
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app?.close();
});

/** Bytes written by hand on a real socket: the status line and headers of the answer. */
function rawHead(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8");
    socket.setTimeout(2000, () => socket.destroy(new Error("no answer within 2 s")));
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(text.slice(0, text.indexOf("\r\n\r\n"))));
    socket.write(request);
  });
}

describe("the worker's observability server", () => {
  it("sends the security headers on its answers, its 404 and its 503", async () => {
    healthy = true;
    const answers = [await fetch(`http://127.0.0.1:${port}/healthz`), await fetch(`http://127.0.0.1:${port}/metrics`)];
    healthy = false;
    answers.push(await fetch(`http://127.0.0.1:${port}/healthz`), await fetch(`http://127.0.0.1:${port}/nope`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 503, 404]);
    for (const answer of answers)
      for (const [name, value] of Object.entries(securityHeaders)) expect(answer.headers.get(name), `${answer.url} ${name}`).toBe(value);
  });

  it("sends them on the refusals the framework and Node make before any route runs", async () => {
    const cases: [string, string, number][] = [
      ["bad URL", "GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 400],
      ["headers too large", `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ${"a".repeat(20_000)}\r\n\r\n`, 431],
      ["not HTTP", "HELLO THERE\r\n\r\n", 400],
    ];
    for (const [label, request, status] of cases) {
      const head = await rawHead(request);
      expect(head, label).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      for (const [name, value] of Object.entries(securityHeaders)) expect(head, `${label} ${name}`).toContain(`${name}: ${value}`);
    }
  });
});
