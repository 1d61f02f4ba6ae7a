import { describe, expect, it } from "vitest";
import { isLocalCaller, isLoopback } from "./local-credential.ts";

const secret = "s".repeat(43);

describe("isLoopback", () => {
  it("accepts this machine's addresses only", () => {
    expect(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"].map(isLoopback)).toEqual([true, true, true, true]);
    expect(["10.0.0.5", "192.168.1.2", "::ffff:10.0.0.5", "fe80::1", "127.0.0.1.evil", "", undefined].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("isLocalCaller", () => {
  it("needs both loopback and the secret", () => {
    expect(isLocalCaller("127.0.0.1", secret, secret)).toBe(true);
    expect(isLocalCaller("10.0.0.5", secret, secret)).toBe(false);
    expect(isLocalCaller("127.0.0.1", `${secret}x`, secret)).toBe(false);
    expect(isLocalCaller("127.0.0.1", undefined, secret)).toBe(false);
    expect(isLocalCaller("127.0.0.1", [secret, secret], secret)).toBe(false);
  });
});
