/** Characters JSON.stringify writes as escapes (quote, backslash, controls) or may (surrogates, when lone). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what JSON escapes
const escaped = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A value's JSON text exactly as JSON.stringify writes it inside an array (undefined as null). A
 * string needing no escape is quoted as it is: about half of JSON.stringify's cost for the short ids,
 * names and times of an event, whose texts serve both its digest and its insert line.
 */
export function jsonText(value: unknown): string {
  if (typeof value === "string") return escaped.test(value) ? JSON.stringify(value) : `"${value}"`;
  return JSON.stringify(value) ?? "null";
}
