import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "./decode.ts";

describe("decodeUtf8", () => {
  it("reads UTF-8, astral characters included", () => {
    expect(decodeUtf8(Buffer.from("清明 🌸", "utf8"))).toEqual({ text: "清明 🌸" });
  });

  it.each([
    ["a stray continuation byte", [0x61, 0x80]],
    ["a Latin-1 byte", [0x63, 0x61, 0x66, 0xe9]],
    ["an encoded surrogate (CESU-8)", [0xed, 0xa0, 0x80]],
    ["a truncated sequence", [0xe6, 0xb8]],
    ["an overlong NUL", [0xc0, 0x80]],
  ])("refuses %s, keeping a readable stand-in", (_, bytes) => {
    const decoded = decodeUtf8(Uint8Array.from(bytes));
    expect(decoded).toMatchObject({ invalid: "not valid UTF-8" });
    expect(decoded.text).toContain("\uFFFD");
  });
});
