import { DateTime } from "luxon";
import { defaultNaming } from "../support/naming.ts";
import { validateEvent } from "../../ingest/steps/validate.ts";
import type { ValidEvent } from "../../ingest/kinds/registry.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { storable } from "../../ingest/write/storable-event.ts";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { Festival } from "../../transforms/calendar/festivals.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { migrate } from "../../transforms/migrate.ts";
import { type Register, type Site, registerLookup } from "../../transforms/register/register.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { type TokenBook, knownIds, tokenBook } from "../../queries/access/tokens.ts";

/**
 * A small alliance for report tests: towns t1, t2; operator opA runs a1 (t1) and a2 (t2); opB
 * runs b1 (t1); opC runs g1 (t2), used only by the growth test.
 */
const site = (site_id: string, town_id: string, operator_id: string): Site => ({
  site_id,
  town_id,
  operator_id,
  name_zh: `景点${site_id}`,
  name_en: `Site ${site_id}`,
  kind: "farm",
  gates: ["g"],
});

export const testRegister: Register = {
  version: "test",
  towns: [
    { town_id: "t1", name_zh: "一镇", name_en: "Town One", district: "d" },
    { town_id: "t2", name_zh: "二镇", name_en: "Town Two", district: "d" },
  ],
  operators: ["opA", "opB", "opC"].map((id) => ({ operator_id: id, name_zh: `主体${id}`, name_en: `Operator ${id}`, kind: "farm" })),
  sites: [site("a1", "t1", "opA"), site("a2", "t2", "opA"), site("b1", "t1", "opB"), site("g1", "t2", "opC")],
};

/** A festival on a1 and b1 whose 2023 and 2024 editions match Qingming's dates. */
export const testFestivals: Festival[] = [
  {
    festival_id: "spring-fair",
    name_zh: "春集",
    name_en: "Spring Fair",
    site_ids: ["a1", "b1"],
    editions: [
      { year: 2023, start: "2023-04-05", end: "2023-04-05" },
      { year: 2024, start: "2024-04-04", end: "2024-04-06" },
    ],
  },
];

const lookup = registerLookup(testRegister);
const operatorOf = (siteId: string) => lookup.siteOperator(siteId)!;
let position = 0;

/** An event as a source system sends it (Kafka message or import line). */
export type WireEvent = Record<string, unknown>;

function valid(event: WireEvent, against = lookup): ValidEvent {
  const result = validateEvent(JSON.stringify(event), undefined, against, DateTime.now(), {
    kind: "file",
    name: "fixture",
    partition: 0,
    position: position++,
  });
  if (!result.ok) throw new Error(`fixture event invalid: ${result.reason}`);
  return result;
}

/** Gate entries (or exits) at a site; `at` is ISO-8601, naive = local time. */
export function footfall(event_id: string, site_id: string, at: string, count: number, direction: "in" | "out" = "in"): WireEvent {
  return { type: "footfall", event_id, site_id, gate_id: "g", direction, count, occurred_at: at };
}

export function ticket(event_id: string, site_id: string, action: "sale" | "refund" | "redeem", at: string, amount_cny?: string, quantity = 1): WireEvent {
  return {
    type: "ticket",
    event_id,
    action,
    site_id,
    operator_id: operatorOf(site_id),
    order_id: `o-${event_id}`,
    ticket_type: "adult",
    channel: "online",
    quantity,
    ...(amount_cny === undefined ? {} : { amount_cny }),
    occurred_at: at,
  };
}

/** Migrates the test database and writes each batch in turn through the one ingest path. */
export async function reportContext(warehouse: Warehouse, batches: WireEvent[][], register = testRegister, festivals = testFestivals): Promise<ReportContext> {
  await migrate(warehouse, createLogger("silent"));
  const writer = createEventWriter(warehouse);
  const against = registerLookup(register);
  for (const batch of batches) await writer.write(batch.map((event) => storable(valid(event, against))));
  return { warehouse, register, festivals, calendar: await loadHolidayCalendar(), naming: defaultNaming };
}

/**
 * Qingming 2023 (5 April, one day) and 2024 (4–6 April, three days) at a1 and b1, in two batches:
 * the second re-delivers two events (counted once) and brings one late event.
 */
export function qingmingBatches(): WireEvent[][] {
  const first = [
    footfall("q23-f1", "a1", "2023-04-05T10:00:00", 100),
    footfall("q23-f2", "b1", "2023-04-05T11:00:00+08:00", 50),
    ticket("q23-t1", "a1", "sale", "2023-04-05T10:00:00", "100.00", 2),
    ticket("q23-t2", "a1", "refund", "2023-04-05T15:00:00", "50.00"),
    ticket("q23-t3", "b1", "sale", "2023-04-05T11:00:00", "30.00"),
    footfall("q24-f10", "a1", "2024-04-04T09:00:00", 120),
    footfall("q24-f11", "a1", "2024-04-03T16:30:00Z", 10), // 00:30 on 4 April in Shanghai
    footfall("q24-f12", "a1", "2024-04-03T15:59:00Z", 7), // 23:59 on 3 April: before the holiday
    footfall("q24-f13", "b1", "2024-04-04T12:00:00", 30),
    footfall("q24-f14", "a1", "2024-04-05T10:00:00", 200),
    footfall("q24-f15", "a1", "2024-04-05T18:00:00", 70, "out"), // exits are not visitors
    footfall("q24-f16", "a1", "2024-04-06T10:00:00", 90),
    footfall("q24-f17", "b1", "2024-04-06T10:00:00", 40),
    ticket("q24-t10", "a1", "sale", "2024-04-04T09:05:00", "100.00"),
    ticket("q24-t11", "a1", "sale", "2024-04-05T10:00:00", "250.50", 5),
    ticket("q24-t12", "a1", "redeem", "2024-04-05T10:30:00", undefined, 5),
    ticket("q24-t13", "b1", "sale", "2024-04-06T10:00:00", "60.00"),
    ticket("q24-t14", "a1", "refund", "2024-04-06T23:59:59+08:00", "20.25"),
    ticket("q24-t15", "a1", "sale", "2024-04-06T16:00:00Z", "999.00"), // midnight: 7 April locally
  ];
  const second = [
    footfall("q24-f14", "a1", "2024-04-05T10:00:00", 200),
    ticket("q24-t11", "a1", "sale", "2024-04-05T10:00:00", "250.50", 5),
    footfall("q24-f18", "a1", "2024-04-06T15:00:00", 5), // an offline counter syncing late
  ];
  return [first, second];
}

/** One bearer token per role, for API tests over the test register (the operator is opA, the device a1's gate counter). */
export const roleTokens = {
  staff: "staff-token-000000000001",
  planner: "planner-token-00000000001",
  operator: "operator-a-token-0000001",
  device: "device-a1-token-00000001",
} as const;

/** The token book holding `roleTokens`. */
export function roleTokenBook(context: ReportContext): TokenBook {
  return tokenBook(
    {
      tokens: [
        { token: roleTokens.staff, role: "staff", name: "Alliance office" },
        { token: roleTokens.planner, role: "planner", name: "Planning bureau" },
        { token: roleTokens.operator, role: "operator:opA", name: "Farm A" },
        { token: roleTokens.device, role: "device:a1", name: "a1 gate counter" },
      ],
    },
    knownIds(context.register),
  );
}
