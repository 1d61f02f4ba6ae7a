/**
 * Why a warehouse call failed, decided once for both adapters from the engine's error code:
 * - `transient`: may succeed if tried again later (network, overload, timeouts, too many parts);
 * - `refused`: the engine refused the rows for their content (parse errors, constraints); the same
 *   rows will be refused again, other rows will not;
 * - `fatal`: neither — schema, SQL, permissions or a broken engine; it needs a person.
 */
export type WarehouseFailure = "transient" | "refused" | "fatal";

/** ClickHouse error codes (src/Common/ErrorCodes.cpp) that can succeed later. */
const transientCodes = new Map<number, string>([
  [159, "TIMEOUT_EXCEEDED"],
  [160, "TOO_SLOW"],
  [173, "CANNOT_ALLOCATE_MEMORY"],
  [202, "TOO_MANY_SIMULTANEOUS_QUERIES"],
  [203, "NO_FREE_CONNECTION"],
  [209, "SOCKET_TIMEOUT"],
  [210, "NETWORK_ERROR"],
  [236, "ABORTED"],
  [241, "MEMORY_LIMIT_EXCEEDED"],
  [242, "TABLE_IS_READ_ONLY"],
  [252, "TOO_MANY_PARTS"],
  [285, "TOO_FEW_LIVE_REPLICAS"],
  [319, "UNKNOWN_STATUS_OF_INSERT"],
  [394, "QUERY_WAS_CANCELLED"],
  [425, "SYSTEM_ERROR"],
  [439, "CANNOT_SCHEDULE_TASK"],
  [999, "KEEPER_EXCEPTION"],
]);

/** ClickHouse error codes that refuse an insert for the content of its rows. */
const refusedCodes = new Map<number, string>([
  [6, "CANNOT_PARSE_TEXT"],
  [25, "CANNOT_PARSE_ESCAPE_SEQUENCE"],
  [26, "CANNOT_PARSE_QUOTED_STRING"],
  [27, "CANNOT_PARSE_INPUT_ASSERTION_FAILED"],
  [38, "CANNOT_PARSE_DATE"],
  [41, "CANNOT_PARSE_DATETIME"],
  [69, "ARGUMENT_OUT_OF_BOUND"],
  [70, "CANNOT_CONVERT_TYPE"],
  [72, "CANNOT_PARSE_NUMBER"],
  [117, "INCORRECT_DATA"],
  [131, "TOO_LARGE_STRING_SIZE"],
  [321, "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE"],
  [407, "DECIMAL_OVERFLOW"],
  [469, "VIOLATED_CONSTRAINT"],
]);

/** Socket-level failures of the HTTP client (Node and undici codes). */
const networkCode = /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|UND_ERR)/;

/** The ClickHouse code an error carries: chdb's `clickhouseCode`, the server client's numeric `code`, or the message's `Code: N.` prefix. */
export function clickHouseCode(err: unknown): number | undefined {
  const { clickhouseCode, code } = (err ?? {}) as { clickhouseCode?: unknown; code?: unknown };
  if (typeof clickhouseCode === "number") return clickhouseCode;
  if (typeof code === "string" && /^\d+$/.test(code)) return Number(code);
  const message = err instanceof Error ? err.message : "";
  const match = /^Code: (\d+)\./.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Classifies an error thrown by chdb or by @clickhouse/client. */
export function classifyFailure(err: unknown): WarehouseFailure {
  const code = clickHouseCode(err);
  if (code !== undefined) return transientCodes.has(code) ? "transient" : refusedCodes.has(code) ? "refused" : "fatal";
  const name = (err as { code?: unknown } | null)?.code;
  // chdb's own deadline and abort, and the HTTP client's socket and request timeouts.
  if (name === "CHDB_TIMEOUT" || name === "CHDB_ABORT") return "transient";
  if (typeof name === "string" && networkCode.test(name)) return "transient";
  const message = err instanceof Error ? err.message : "";
  return /socket hang up|^Timeout error/i.test(message) ? "transient" : "fatal";
}
