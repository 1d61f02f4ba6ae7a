import type { Register } from "../../transforms/register/register.ts";
import { type Access, roleName } from "./access.ts";

/** The fields of an event that decide who may send it; anything else about it is validation's business. */
export interface SentEvent {
  event_id?: unknown;
  type?: unknown;
  site_id?: unknown;
  gate_id?: unknown;
  operator_id?: unknown;
}

/** Why the sender may not send this event; undefined when it may. */
export type SendCheck = (event: SentEvent) => string | undefined;

/**
 * Who may send which events to POST /api/events:
 * - staff: any event;
 * - operator:<id>: tickets and gate counts of its own sites (a ticket also in its own name);
 * - device:<site_id>: gate counts of that site's registered gates only;
 * - planner: none (the route refuses it before reading the body).
 * An event outside the sender's scope is refused here and never reaches validation or the warehouse.
 */
export function sendScope(access: Access, register: Register): SendCheck {
  const who = roleName(access);
  if (access.role === "staff") return () => undefined;
  if (access.role === "planner") return () => `${who} may not send events`;
  if (access.role === "device") {
    const gates = new Set(register.sites.find((s) => s.site_id === access.site_id)?.gates ?? []);
    return (event) => {
      if (event.type !== "footfall") return `${who} may send footfall events only`;
      if (event.site_id !== access.site_id) return `${who} may send footfall of site ${access.site_id} only`;
      if (typeof event.gate_id !== "string" || !gates.has(event.gate_id)) return `${who} may send footfall of its site's registered gates only`;
      return undefined;
    };
  }
  const own = new Set(register.sites.filter((s) => s.operator_id === access.operator_id).map((s) => s.site_id));
  return (event) => {
    if (typeof event.site_id !== "string" || !own.has(event.site_id)) return `${who} may send events of its own sites only`;
    if (event.type === "ticket" && event.operator_id !== access.operator_id) return `${who} may send tickets in its own name only`;
    return undefined;
  };
}
