import { type IncomingMessage, STATUS_CODES, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

/** On every answer, errors and the dashboard's files included: same-origin everything, no framing, no sniffing. */
export const securityHeaders = {
  "content-security-policy": "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/**
 * Every response the HTTP server makes starts with the headers, so answers written before any hook
 * runs carry them too: Node's own (400 without Host, 417 for an unknown Expect) and the framework's
 * (400 bad URL, 414 path segment too long, 503 while closing).
 */
class SecuredResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  // Node passes more than the request (the response's buffer settings): every argument goes on.
  constructor(...args: [Request]) {
    super(...args);
    for (const [name, value] of Object.entries(securityHeaders)) this.setHeader(name, value);
  }
}

const frameworkMessages: Record<string, string> = {
  FST_ERR_BAD_URL: "the path is not a valid URL (a malformed percent-encoding)",
  FST_ERR_MAX_PARAM_LENGTH: "a path segment is too long",
};

/** The parser's refusals, answered on the socket before any request exists. */
const clientErrors: Record<number, string> = {
  400: "the request is not valid HTTP",
  408: "the request took too long to arrive",
  431: "the request's headers are too large",
};

/** Fastify options that answer with the headers (and the API's `{ error }` shape) where no hook runs. */
export const securedAnswers = {
  http: { ServerResponse: SecuredResponse },
  /** The router's refusals: in the API's shape, with the headers also when injected (no server response then). */
  frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
    const status = err.statusCode ?? 400;
    return reply
      .code(status)
      .headers(securityHeaders)
      .send({ error: frameworkMessages[err.code] ?? STATUS_CODES[status] ?? "bad request" });
  },
  /** A request the HTTP parser refuses (malformed, headers too large, too slow): written on the socket by hand. */
  clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
    if (err.code === "ECONNRESET" || socket.destroyed) return;
    const status = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const body = JSON.stringify({ error: clientErrors[status] });
    const headers = { ...securityHeaders, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" };
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    if (socket.writable) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join("")}\r\n${body}`);
    socket.destroy(err);
  },
};
