import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { validateEvent } from "../steps/validate.ts";
import { createFaultInjector } from "./faults.ts";
import type { SimMessage } from "./messages.ts";

const day = Date.parse("2019-04-05T00:00:00+08:00");
const messages: SimMessage[] = Array.from({ length: 20_000 }, (_, i) => {
  const at = day + i * 4000;
  const event = {
    type: "ticket",
    event_id: `e${i}`,
    action: "sale",
    site_id: "park",
    operator_id: "op",
    order_id: `o${i}`,
    ticket_type: "adult",
    channel: "online",
    quantity: 2,
    amount_cny: "120.00",
    occurred_at: new Date(at).toISOString(),
  };
  return { kind: "ticket", key: `e${i}`, text: JSON.stringify(event), at };
});
const lookup = { siteOperator: (id: string) => (id === "park" ? "op" : undefined), hasOperator: (id: string) => id === "op", siteHasGate: () => true };
const source = { kind: "file" as const, name: "t", partition: 0, position: 0 };

describe("faults", () => {
  it("adds ~0.5 % duplicates, ~1 % late and ~0.1 % malformed copies and loses nothing", () => {
    const faults = createFaultInjector(3, { duplicates: true, late: true, malformed: true });
    const out = [...faults.push(messages, day + 86_400_000), ...faults.flush()];
    const { duplicates, late, malformed } = faults.counts;
    expect(duplicates).toBeGreaterThan(50);
    expect(duplicates).toBeLessThan(150);
    expect(late).toBeGreaterThan(120);
    expect(late).toBeLessThan(280);
    expect(malformed).toBeGreaterThan(5);
    expect(malformed).toBeLessThan(40);
    expect(out).toHaveLength(messages.length + duplicates + malformed);

    const now = DateTime.fromISO("2026-01-01T00:00:00Z");
    const valid = out.map((m) => validateEvent(m.text, "ticket", lookup, now, source));
    expect(valid.filter((v) => !v.ok)).toHaveLength(malformed);
    const ids = valid.flatMap((v) => (v.ok ? [v.row.event_id] : []));
    expect(new Set(ids).size).toBe(messages.length);
    expect(ids.length - new Set(ids).size).toBe(duplicates);
  });

  it("late messages arrive after messages that happened later", () => {
    const faults = createFaultInjector(3, { duplicates: false, late: true, malformed: false });
    const out = [...faults.push(messages, day + 86_400_000), ...faults.flush()];
    const position = new Map(out.map((m, i) => [m.key, i]));
    const lateOnes = messages.filter((m, i) => position.get(m.key)! > i + 10);
    expect(lateOnes.length).toBe(faults.counts.late);
  });

  it("without faults the stream is unchanged", () => {
    const faults = createFaultInjector(3, { duplicates: false, late: false, malformed: false });
    expect([...faults.push(messages, day + 86_400_000), ...faults.flush()]).toEqual(messages);
  });
});
