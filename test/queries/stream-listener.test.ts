import { type Server, type ServerResponse, createServer } from "node:http";
import { type Socket, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamListener } from "../../queries/live/stream-listener.ts";

/**
 * A live stream's socket on a real HTTP server and a real client socket that stops reading: the
 * server keeps at most the newest frame waiting, skips to it when the client reads again, and
 * closes a socket stalled too long.
 */

let server: Server;
let port: number;
let answered: (response: ServerResponse) => void;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    answered(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/**
 * A client that sends its request and reads nothing until told; what it read, and the server's
 * side of it (a paused client cannot see its socket close, the server can).
 */
async function stalledClient() {
  const socket = connect(port, "127.0.0.1");
  sockets.add(socket);
  socket.setEncoding("utf8");
  let text = "";
  socket.on("error", () => undefined);
  const answer = new Promise<ServerResponse>((resolve) => {
    answered = resolve;
  });
  socket.write(`GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  socket.pause(); // reads nothing: the server's writes pile up in the socket
  socket.on("data", (chunk: string) => {
    text += chunk;
  });
  const response = await answer;
  const closed = new Promise<void>((resolve) => response.on("close", () => resolve()));
  return { socket, response, closed, read: () => text };
}

const mega = "x".repeat(1024 * 1024);
/** A snapshot frame of a little over 1 MB, numbered. */
const frame = (n: number) => `event: snapshot\ndata: {"n":${n},"pad":"${mega}"}\n\n`;
const numbers = (text: string) => [...text.matchAll(/"n":(\d+)/g)].map((m) => Number(m[1]));

describe("a live stream's socket", () => {
  it("keeps only the newest frame waiting while the client does not read, and sends it when the client reads again", async () => {
    const client = await stalledClient();
    const listener = streamListener(client.response, 60_000);
    let buffered = 0;
    for (let n = 1; n <= 40; n++) {
      listener.send(frame(n));
      buffered = Math.max(buffered, client.response.writableLength);
    }
    // Forty frames of 1 MB sent; the server holds about one of them, not forty.
    expect(buffered).toBeLessThan(3 * mega.length);
    client.socket.resume();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !numbers(client.read()).includes(40)) await new Promise((resolve) => setTimeout(resolve, 50));
    const received = numbers(client.read());
    expect(received.at(-1)).toBe(40);
    expect(received.length).toBeLessThan(5); // the frames between were skipped
    listener.beat(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.read().slice(-40)).toMatch(/: keep-alive\n\n\r\n$/); // the last chunk of the chunked answer
    client.socket.destroy();
  }, 20_000);

  it("closes a socket that has taken nothing for the stalled time, not before", async () => {
    const client = await stalledClient();
    let now = 1_000_000;
    const listener = streamListener(client.response, 60_000, () => now);
    for (let n = 1; n <= 10; n++) listener.send(frame(n));
    now += 59_999;
    listener.beat(now);
    expect(client.response.destroyed).toBe(false);
    now += 1;
    listener.beat(now);
    await client.closed;
    expect(client.response.destroyed).toBe(true);
  });

  it("ends a socket that does not take the end within a second, so that stopping never waits for it", async () => {
    const client = await stalledClient();
    const listener = streamListener(client.response, 60_000);
    // More than the sockets on both ends buffer, so the end cannot reach the client.
    listener.send(`event: snapshot\ndata: "${mega.repeat(32)}"\n\n`);
    const started = Date.now();
    listener.end();
    await client.closed;
    // The end could not arrive, so the socket was dropped after its grace second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
