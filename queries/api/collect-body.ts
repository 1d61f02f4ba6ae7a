import { gunzipSync } from "node:zlib";
import type { SentEvent } from "../access/send-scope.ts";

/** What one POST /api/events may carry; beyond any of them the answer is 413. */
export const collectLimits = {
  /** Events in one request. */
  events: 1000,
  /** Bytes of the body as sent (compressed or not). */
  bytes: 1024 * 1024,
  /** Bytes of a gzip body once inflated: inflating stops there, so a small bomb costs no more memory than this. */
  inflatedBytes: 8 * 1024 * 1024,
} as const;

/** The media types the collector reads: a JSON array (or one object), or one JSON event a line. */
export const collectMediaTypes = ["application/json", "application/x-ndjson", "application/ndjson"] as const;

/** One event as sent: its text for validation, and its fields when it is a JSON object at all. */
export interface SentItem {
  text: string;
  fields: SentEvent | undefined;
}

export type DecodedBody = { ok: true; items: SentItem[] } | { ok: false; status: 400 | 413 | 415; error: string };

const refuse = (status: 400 | 413 | 415, error: string): DecodedBody => ({ ok: false, status, error });
const tooMany = (count: number) => refuse(413, `body: ${count} events; at most ${collectLimits.events} a request`);
const objectOrUndefined = (value: unknown): SentEvent | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as SentEvent) : undefined;

function inflate(raw: Buffer, encoding: string | undefined): Buffer | DecodedBody {
  const coding = (encoding ?? "identity").trim().toLowerCase();
  if (coding === "identity" || coding === "") return raw;
  if (coding !== "gzip") return refuse(415, `Content-Encoding: ${JSON.stringify(coding.slice(0, 32))} is not read here; send gzip or nothing`);
  try {
    return gunzipSync(raw, { maxOutputLength: collectLimits.inflatedBytes });
  } catch (err) {
    if (err instanceof RangeError) return refuse(413, `body: more than ${collectLimits.inflatedBytes} bytes once inflated`);
    return refuse(400, "body: not valid gzip");
  }
}

function lines(text: string): DecodedBody {
  const items: SentItem[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (items.length === collectLimits.events) return tooMany(text.split("\n").filter((l) => l.trim() !== "").length);
    let fields: SentEvent | undefined;
    try {
      fields = objectOrUndefined(JSON.parse(trimmed));
    } catch {
      fields = undefined; // validation names what is wrong with it
    }
    items.push({ text: trimmed, fields });
  }
  return { ok: true, items };
}

function array(text: string): DecodedBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return refuse(400, `body: not JSON: ${err instanceof Error ? err.message.slice(0, 200) : "unreadable"}`);
  }
  const events = Array.isArray(json) ? json : [json];
  if (events.length > collectLimits.events) return tooMany(events.length);
  return { ok: true, items: events.map((event: unknown) => ({ text: JSON.stringify(event) ?? "null", fields: objectOrUndefined(event) })) };
}

/**
 * The events of one request body, bounded: at most `collectLimits` bytes, inflated bytes and
 * events, strictly UTF-8. Events are not validated here; that is the ingest path's work.
 */
export function decodeEventsBody(raw: Buffer, contentType: string | undefined, contentEncoding: string | undefined): DecodedBody {
  const inflated = inflate(raw, contentEncoding);
  if (!Buffer.isBuffer(inflated)) return inflated;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(inflated);
  } catch {
    return refuse(400, "body: not UTF-8");
  }
  const ndjson = /^application\/(x-)?ndjson\b/i.test(contentType ?? "");
  const decoded = ndjson ? lines(text) : array(text);
  if (decoded.ok && decoded.items.length === 0) return refuse(400, "body: no events");
  return decoded;
}
