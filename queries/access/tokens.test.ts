import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { tokenBook } from "./tokens.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const known = { operators: new Set(["opA"]), sites: new Set<string>() };

describe("a tokens file that keeps digests", () => {
  it("looks a token up by its SHA-256 digest, beside entries of the first form", () => {
    const book = tokenBook(
      {
        tokens: [
          { token_sha256: sha256("digest-kept-token-0001"), role: "operator:opA", name: "Farm A", created_at: "2026-12-05T05:13:28+08:00" },
          { token: "plain-kept-token-00001", role: "planner", name: "Planning institute" },
        ],
      },
      known,
    );
    expect(book.lookup("digest-kept-token-0001")).toEqual({ role: "operator", operator_id: "opA", name: "Farm A" });
    expect(book.lookup("plain-kept-token-00001")).toEqual({ role: "planner", name: "Planning institute" });
    expect(book.lookup(sha256("digest-kept-token-0001"))).toBeUndefined();
  });

  it("takes an entry with exactly one of token and token_sha256, a digest of 64 lowercase hex digits", () => {
    const both = { token: "plain-kept-token-00001", token_sha256: sha256("plain-kept-token-00001"), role: "staff", name: "n" };
    expect(() => tokenBook({ tokens: [both] }, known)).toThrow(/^tokens file: tokens\.0\.token: exactly one of token and token_sha256$/);
    expect(() => tokenBook({ tokens: [{ role: "staff", name: "n" }] }, known)).toThrow(/tokens\.0\.token: exactly one of token and token_sha256/);
    expect(() => tokenBook({ tokens: [{ token_sha256: sha256("x").toUpperCase(), role: "staff", name: "n" }] }, known)).toThrow(/tokens\.0\.token_sha256: /);
    expect(() => tokenBook({ tokens: [{ token_sha256: sha256("x"), role: "staff", name: "n", created_at: "yesterday" }] }, known)).toThrow(
      /tokens\.0\.created_at: /,
    );
  });

  it("refuses the same token kept once as itself and once as its digest", () => {
    const tokens = [
      { token: "plain-kept-token-00001", role: "staff", name: "a" },
      { token_sha256: sha256("plain-kept-token-00001"), role: "planner", name: "b" },
    ];
    expect(() => tokenBook({ tokens }, known)).toThrow(/^tokens file: tokens\.1\.token: the same token as tokens\.0; each token must be unique$/);
  });
});
