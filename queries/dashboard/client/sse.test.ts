import { describe, expect, it } from "vitest";
import { sseParser } from "./sse.ts";

describe("sseParser", () => {
  it("yields named events once their blank line arrives, across chunk boundaries", () => {
    const parse = sseParser();
    expect(parse('event: snapshot\ndata: {"a"')).toEqual([]);
    expect(parse(':1}\n\nevent: error\ndata: {"error":"x"}\n\n')).toEqual([
      { event: "snapshot", data: '{"a":1}' },
      { event: "error", data: '{"error":"x"}' },
    ]);
  });

  it("skips keep-alive comments, joins data lines and reads CRLF", () => {
    const parse = sseParser();
    expect(parse(": keep-alive\n\n")).toEqual([]);
    expect(parse("data: one\r\ndata: two\r\n\r\n")).toEqual([{ event: "message", data: "one\ntwo" }]);
  });
});
