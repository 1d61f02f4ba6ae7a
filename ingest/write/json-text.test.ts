import { describe, expect, it } from "vitest";
import { mulberry32 } from "../simulate/rng.ts";
import { jsonText } from "./json-text.ts";

/** What JSON.stringify writes for the value as an element of an array. */
const stringified = (value: unknown) => JSON.stringify([value]).slice(1, -1);

describe("jsonText", () => {
  it("writes what JSON.stringify writes inside an array", () => {
    const values = [
      "",
      "sim1/langxia-country-park/2024-04-04/dt3.2s",
      "2024-04-04 02:15:00.000",
      '"quoted"',
      "back\\slash",
      "line\nbreak\ttab\u0000\u001f\u007f",
      "\u2028\u2029",
      "廊下郊野公园",
      "😀",
      "\ud800",
      "a\udfffb",
      "\udbff\udc00",
      0,
      -1,
      13700,
      0.5,
      1e21,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      null,
      undefined,
    ];
    for (const value of values) expect(jsonText(value), String(value)).toBe(stringified(value));
  });

  it("writes any string of quotes, escapes, controls, surrogates and plain text as JSON.stringify does", () => {
    const pieces = ['"', "\\", "\n", "\u0001", "\ud83d", "\ude00", "a", "é", "廊", "/", " "];
    const random = mulberry32(7);
    const below = (n: number) => Math.floor(random() * n);
    for (let n = 0; n < 2000; n++) {
      let text = "";
      for (let length = below(8); length > 0; length--) text += pieces[below(pieces.length)];
      expect(jsonText(text), JSON.stringify(text)).toBe(stringified(text));
    }
  });
});
