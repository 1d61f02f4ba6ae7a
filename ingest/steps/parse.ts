import type { StepResult } from "./outcome.ts";

/** A message's text as the JSON object an event must be, or why it is not one. */
export function parseEvent(text: string): StepResult<object> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, reason: "not a JSON object" };
  return { ok: true, value: json };
}
