import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { collectLimits, decodeEventsBody } from "./collect-body.ts";

const json = "application/json";
const ndjson = "application/x-ndjson";

describe("decodeEventsBody", () => {
  it("reads a JSON array, one object, or NDJSON lines, keeping each event's text and fields", () => {
    expect(decodeEventsBody(Buffer.from('[{"type":"footfall","site_id":"a1"}, 7]'), json, undefined)).toEqual({
      ok: true,
      items: [
        { text: '{"type":"footfall","site_id":"a1"}', fields: { type: "footfall", site_id: "a1" } },
        { text: "7", fields: undefined },
      ],
    });
    expect(decodeEventsBody(Buffer.from('{"event_id":"x"}'), json, undefined)).toMatchObject({ ok: true, items: [{ fields: { event_id: "x" } }] });
    expect(decodeEventsBody(Buffer.from('{"a":1}\r\n\n{oops\n'), ndjson, "identity")).toEqual({
      ok: true,
      items: [
        { text: '{"a":1}', fields: { a: 1 } },
        { text: "{oops", fields: undefined },
      ],
    });
  });

  it("inflates gzip up to its bound and refuses past it, past the event count, and what is not gzip, UTF-8 or JSON", () => {
    expect(decodeEventsBody(gzipSync('[{"a":1}]'), json, "GZIP")).toMatchObject({ ok: true, items: [{ fields: { a: 1 } }] });
    expect(decodeEventsBody(gzipSync(Buffer.alloc(collectLimits.inflatedBytes + 1, 0x20)), json, "gzip")).toMatchObject({ ok: false, status: 413 });
    expect(decodeEventsBody(Buffer.from(JSON.stringify(Array(collectLimits.events + 1).fill({})), "utf8"), json, undefined)).toMatchObject({
      ok: false,
      status: 413,
      error: "body: 1001 events; at most 1000 a request",
    });
    expect(decodeEventsBody(Buffer.from("{}\n".repeat(collectLimits.events + 1)), ndjson, undefined)).toMatchObject({ ok: false, status: 413 });
    expect(decodeEventsBody(Buffer.from("{}\n".repeat(collectLimits.events)), ndjson, undefined)).toMatchObject({ ok: true });
    expect(decodeEventsBody(Buffer.from("[]"), json, "br")).toMatchObject({ ok: false, status: 415 });
    expect(decodeEventsBody(Buffer.from("[]"), json, "gzip")).toEqual({ ok: false, status: 400, error: "body: not valid gzip" });
    expect(decodeEventsBody(Buffer.from([0x22, 0xc3, 0x22]), json, undefined)).toEqual({ ok: false, status: 400, error: "body: not UTF-8" });
    expect(decodeEventsBody(Buffer.from("[1,"), json, undefined)).toMatchObject({ ok: false, status: 400, error: expect.stringMatching(/^body: not JSON: /) });
    expect(decodeEventsBody(Buffer.from("\n \n"), ndjson, undefined)).toEqual({ ok: false, status: 400, error: "body: no events" });
  });
});
