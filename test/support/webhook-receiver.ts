import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What a receiver does with a request: take it (200, errcode 0), refuse it (503), never answer,
 * redirect, or answer 200 with a robot's refusal (a non-zero errcode, as a bad signature gets).
 */
export type Answer = "ok" | "refuse" | "hang" | { redirect: string; status: 302 | 307 } | { errcode: number; errmsg: string };

export interface Received {
  method: string;
  /** The request's path and query (a DingTalk robot's signature travels in the query). */
  url: string;
  /** The parsed JSON body; null when there was none. */
  body: unknown;
  /** Date.now() when the request had arrived whole. */
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1 whose answer each test chooses. `received` holds every request
 * that arrived (taken or not), `taken` the bodies it answered 200 to; `open` counts requests left
 * hanging that their sender has not given up yet.
 */
export async function webhookReceiver(answer: (body: unknown, url: string) => Answer) {
  const received: Received[] = [];
  const taken: unknown[] = [];
  let open = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => {
      const body = text === "" ? null : (JSON.parse(text) as unknown);
      const url = request.url ?? "";
      received.push({ method: request.method ?? "", url, body, at: Date.now() });
      const how = answer(body, url);
      if (how === "hang") {
        open += 1;
        response.on("close", () => {
          open -= 1;
        });
        return;
      }
      if (how === "refuse") return void response.writeHead(503).end("busy");
      if (typeof how === "object" && "redirect" in how) return void response.writeHead(how.status, { location: how.redirect }).end();
      if (typeof how === "object") return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(how));
      taken.push(body);
      response.writeHead(200, { "content-type": "application/json" }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    taken,
    open: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` every 50 ms until it holds; fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms: number, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not met within ${ms} ms`);
}
