import { describe, expect, it } from "vitest";
import { classifyFailure, clickHouseCode } from "./failure.ts";

/** Shaped as chdb 3 throws them: `.code` its own class, `.clickhouseCode` the engine's. */
const chdbError = (clickhouseCode: number, message: string) => Object.assign(new Error(message), { code: "CHDB_INSERT", clickhouseCode });
/** Shaped as @clickhouse/client throws a server exception: `.code` the engine's code as a string. */
const serverError = (code: string, type: string) => Object.assign(new Error(`${type}: something`), { code, type });
const nodeError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:8123`), { code });

describe("classifyFailure", () => {
  it.each([
    [chdbError(252, "Too many parts (TOO_MANY_PARTS)"), "transient"],
    [chdbError(241, "Memory limit exceeded (MEMORY_LIMIT_EXCEEDED)"), "transient"],
    [chdbError(159, "Timeout exceeded (TIMEOUT_EXCEEDED)"), "transient"],
    [serverError("202", "TOO_MANY_SIMULTANEOUS_QUERIES"), "transient"],
    [serverError("210", "NETWORK_ERROR"), "transient"],
    [serverError("209", "SOCKET_TIMEOUT"), "transient"],
    [nodeError("ECONNREFUSED"), "transient"],
    [nodeError("ECONNRESET"), "transient"],
    [Object.assign(new Error("query took too long"), { code: "CHDB_TIMEOUT" }), "transient"],
    [new Error("Timeout error."), "transient"],
    [chdbError(469, "Constraint `c` is violated at row 2 (VIOLATED_CONSTRAINT)"), "refused"],
    [chdbError(25, "Cannot parse escape sequence: missing second part of surrogate pair"), "refused"],
    [serverError("27", "CANNOT_PARSE_INPUT_ASSERTION_FAILED"), "refused"],
    [serverError("72", "CANNOT_PARSE_NUMBER"), "refused"],
    [chdbError(60, "Unknown table (UNKNOWN_TABLE)"), "fatal"],
    [serverError("62", "SYNTAX_ERROR"), "fatal"],
    [serverError("516", "AUTHENTICATION_FAILED"), "fatal"],
    [new Error("something nobody expected"), "fatal"],
  ] as const)("%s → %s", (err, expected) => {
    expect(classifyFailure(err)).toBe(expected);
  });

  it("reads the code from chdb, the server client, or the message prefix", () => {
    expect(clickHouseCode(chdbError(469, "x"))).toBe(469);
    expect(clickHouseCode(serverError("252", "TOO_MANY_PARTS"))).toBe(252);
    expect(clickHouseCode(new Error("Code: 241. DB::Exception: Memory limit exceeded"))).toBe(241);
    expect(clickHouseCode(nodeError("ECONNREFUSED"))).toBeUndefined();
  });
});
