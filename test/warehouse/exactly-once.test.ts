import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import pino from "pino";
import type { FootfallRow } from "../../ingest/kinds/footfall.ts";
import type { ValidEvent } from "../../ingest/kinds/registry.ts";
import type { TicketRow } from "../../ingest/kinds/ticket.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { type StorableEvent, storable } from "../../ingest/write/storable-event.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import { migrate } from "../../transforms/migrate.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const sites = ["s1", "s2", "s3"];
const days = ["2024-04-03", "2024-04-04", "2024-04-05"];
const source = { source_kind: "file" as const, source_name: "t", source_partition: 0, source_position: 0 };

function randomEvents(random: () => number, count: number): ValidEvent[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const events: ValidEvent[] = [];
  for (let i = 0; i < count; i++) {
    const day = pick(days);
    const site = pick(sites);
    if (random() < 0.5) {
      const action = pick(["sale", "sale", "sale", "refund", "redeem"] as const);
      const row: TicketRow = {
        event_id: `t-${i}`,
        action,
        site_id: site,
        operator_id: `op-${site}`,
        order_id: `o-${i}`,
        ticket_type: pick(["adult", "child"]),
        channel: pick(["online", "onsite"]),
        quantity: 1 + Math.floor(random() * 5),
        amount_fen: action === "redeem" ? 0 : Math.floor(random() * 100_000),
        occurred_at: `${day} 02:00:00.000`,
        local_date: day,
        ...source,
      };
      events.push({ kind: "ticket", row });
    } else {
      const row: FootfallRow = {
        event_id: `f-${i}`,
        site_id: site,
        operator_id: `op-${site}`,
        gate_id: "g",
        direction: pick(["in", "in", "out"] as const),
        count: Math.floor(random() * 300),
        occurred_at: `${day} 02:00:00.000`,
        local_date: day,
        ...source,
      };
      events.push({ kind: "footfall", row });
    }
  }
  return events;
}

/** Totals per (day, site), computed from the distinct events without the warehouse. */
function expectedTotals(events: readonly ValidEvent[]) {
  const totals = new Map<string, { visitors: number; out: number; sold: number; refunded: number; redeemed: number; revenue: number }>();
  for (const event of events) {
    const key = `${event.row.local_date}|${event.row.site_id}`;
    const t = totals.get(key) ?? { visitors: 0, out: 0, sold: 0, refunded: 0, redeemed: 0, revenue: 0 };
    if (event.kind === "footfall") {
      if (event.row.direction === "in") t.visitors += event.row.count;
      else t.out += event.row.count;
    } else {
      const { action, quantity, amount_fen } = event.row;
      if (action === "sale") {
        t.sold += quantity;
        t.revenue += amount_fen;
      }
      if (action === "refund") {
        t.refunded += quantity;
        t.revenue -= amount_fen;
      }
      if (action === "redeem") t.redeemed += quantity;
    }
    totals.set(key, t);
  }
  return totals;
}

async function warehouseTotals(warehouse: Warehouse) {
  const tickets = await warehouse.query(
    `SELECT local_date, site_id, sum(tickets_sold) AS sold, sum(tickets_refunded) AS refunded, sum(tickets_redeemed) AS redeemed,
            sum(revenue_fen) AS revenue FROM ticket_events GROUP BY local_date, site_id`,
    {},
    z.object({ local_date: date, site_id: z.string(), sold: int64, refunded: int64, redeemed: int64, revenue: int64 }),
  );
  const footfall = await warehouse.query(
    `SELECT local_date, site_id, sum(visitors_in) AS visitors, sum(visitors_out) AS out FROM footfall_events GROUP BY local_date, site_id`,
    {},
    z.object({ local_date: date, site_id: z.string(), visitors: int64, out: int64 }),
  );
  const totals = new Map<string, { visitors: number; out: number; sold: number; refunded: number; redeemed: number; revenue: number }>();
  const at = (d: string, s: string) => {
    const key = `${d}|${s}`;
    const t = totals.get(key) ?? { visitors: 0, out: 0, sold: 0, refunded: 0, redeemed: 0, revenue: 0 };
    totals.set(key, t);
    return t;
  };
  for (const r of tickets) Object.assign(at(r.local_date, r.site_id), { sold: r.sold, refunded: r.refunded, redeemed: r.redeemed, revenue: r.revenue });
  for (const r of footfall) Object.assign(at(r.local_date, r.site_id), { visitors: r.visitors, out: r.out });
  return totals;
}

describe("exactly-once writes into the aggregates", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openTestEmbedded("exactly_once");
    await migrate(warehouse, pino({ level: "silent" }));
  });
  afterAll(async () => {
    await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
    await warehouse.close();
  });

  it.each([1, 2, 3])("a shuffled stream with duplicates in random batches counts each event once (seed %i)", async (seed) => {
    await warehouse.exec("TRUNCATE TABLE ticket_events");
    await warehouse.exec("TRUNCATE TABLE footfall_events");
    const random = mulberry32(seed);
    const distinct = randomEvents(random, 3000);
    // Duplicates: 20 % of events re-sent, some of them several times, then everything shuffled.
    const stream = distinct.map(storable);
    for (const event of [...stream]) while (random() < 0.2) stream.push(event);
    for (let i = stream.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [stream[i], stream[j]] = [stream[j]!, stream[i]!];
    }
    const writer = createEventWriter(warehouse);
    const pending: Promise<unknown>[] = [];
    let written = 0;
    let duplicates = 0;
    for (let i = 0; i < stream.length; ) {
      const size = 1 + Math.floor(random() * 400);
      // Batches are started without waiting for the previous one, as concurrent partitions would.
      pending.push(
        writer.write(stream.slice(i, i + size)).then((s) => {
          written += s.written;
          duplicates += s.duplicates;
        }),
      );
      i += size;
    }
    await Promise.all(pending);
    // A full replay of the stream changes nothing.
    const replay = await writer.write(stream);

    expect(written).toBe(distinct.length);
    expect(duplicates).toBe(stream.length - distinct.length);
    expect(replay).toMatchObject({ written: 0, duplicates: stream.length });
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(distinct));
  });

  it("answers daily aggregates from the projections, not by scanning raw rows", async () => {
    const plan = await warehouse.query(
      `EXPLAIN SELECT local_date, sum(visitors_in) FROM footfall_events WHERE site_id IN {sites:Array(String)} GROUP BY local_date`,
      { sites: ["s1"] },
      z.object({ explain: z.string() }),
    );
    expect(plan.map((r) => r.explain).join("\n")).toMatch(/ReadFromMergeTree \(daily_footfall\)/);
    const ticketPlan = await warehouse.query(
      `EXPLAIN SELECT local_date, site_id, sum(revenue_fen) FROM ticket_events WHERE local_date BETWEEN {a:Date} AND {b:Date} GROUP BY local_date, site_id`,
      { a: "2024-04-03", b: "2024-04-05" },
      z.object({ explain: z.string() }),
    );
    expect(ticketPlan.map((r) => r.explain).join("\n")).toMatch(/ReadFromMergeTree \(daily_site_tickets\)/);
    const channelPlan = await warehouse.query(
      `EXPLAIN SELECT local_date, channel, sum(revenue_fen) FROM ticket_events WHERE site_id IN {sites:Array(String)} GROUP BY local_date, channel`,
      { sites: ["s1"] },
      z.object({ explain: z.string() }),
    );
    // No projection keeps channels: the rare channel mix reads the raw rows.
    expect(channelPlan.map((r) => r.explain).join("\n")).toMatch(/ReadFromMergeTree \((\w+\.)?ticket_events\)/);
  });

  /**
   * Every sequence of up to three lines for one id, over three contents A, B, C, each under its own
   * id, with A stored beforehand or nothing stored. The rule: with a stored event, a line equal to it
   * is a duplicate and any other a conflict; without, the first line is written and later lines are
   * judged against it.
   */
  const contents = ["A", "B", "C"] as const;
  const sequences = [1, 2, 3].flatMap((length) =>
    Array.from({ length: contents.length ** length }, (_, n) => Array.from({ length }, (_, i) => contents[Math.floor(n / contents.length ** i) % 3]!)),
  );
  const scenarios = [true, false].flatMap((stored) => sequences.map((lines) => ({ id: `${stored ? "stored" : "new"}-${lines.join("")}`, stored, lines })));
  const content = (id: string, which: (typeof contents)[number]): StorableEvent =>
    storable({
      kind: "ticket",
      row: {
        event_id: id,
        action: "sale",
        site_id: "s1",
        operator_id: "op-s1",
        order_id: `o-${id}`,
        ticket_type: "adult",
        channel: "online",
        quantity: contents.indexOf(which) + 1,
        amount_fen: 1000,
        occurred_at: "2024-04-04 02:00:00.000",
        local_date: "2024-04-04",
        ...source,
      },
    });

  it.each([
    ["with the filter of stored ids (embedded)", (w: Warehouse) => w],
    ["looking up every id (as against a server)", (w: Warehouse): Warehouse => ({ ...w, soleWriter: undefined })],
  ])("judges every line of one write against the stored event, or else the write's first line with its id: %s", async (_, view) => {
    await warehouse.exec("TRUNCATE TABLE ticket_events");
    await warehouse.exec("TRUNCATE TABLE footfall_events");
    const writer = createEventWriter(view(warehouse));
    const before = await writer.write(scenarios.filter((s) => s.stored).map((s) => content(s.id, "A")));
    expect(before.written).toBe(sequences.length);

    // One write, the ids interleaved, each id's lines in their order.
    const lines = scenarios.flatMap((s) => s.lines.map((which, position) => ({ ...s, which, position, event: content(s.id, which) })));
    lines.sort((a, b) => a.position - b.position);
    const expected = (line: (typeof lines)[number]) => {
      if (!line.stored && line.position === 0) return "written";
      return line.which === (line.stored ? "A" : line.lines[0]) ? "duplicate" : "conflict";
    };
    const count = (outcome: string) => lines.filter((l) => expected(l) === outcome).length;
    const summary = await writer.write(lines.map((l) => l.event));
    expect(summary).toMatchObject({ written: count("written"), duplicates: count("duplicate"), conflicts: count("conflict"), refused: 0 });
    const label = (l: { id: string; position: number }) => `${l.id}#${l.position}`;
    const deadLettered = summary.refusals.map((r) => label(lines.find((l) => l.event === r.event)!));
    expect(deadLettered.sort()).toEqual(
      lines
        .filter((l) => expected(l) === "conflict")
        .map(label)
        .sort(),
    );
    for (const refusal of summary.refusals) expect(refusal.reason).toMatch(/^conflicts with stored event "/);

    const stored = await warehouse.query(
      "SELECT event_id, quantity FROM ticket_events ORDER BY event_id",
      {},
      z.object({ event_id: z.string(), quantity: z.number() }),
    );
    const kept = (s: (typeof scenarios)[number]) => (s.stored ? "A" : s.lines[0]!);
    expect(stored).toEqual(
      scenarios.map((s) => ({ event_id: s.id, quantity: contents.indexOf(kept(s)) + 1 })).sort((a, b) => (a.event_id < b.event_id ? -1 : 1)),
    );

    // The same write again: every line now meets its stored event.
    const again = await writer.write(lines.map((l) => l.event));
    const equalToKept = lines.filter((l) => l.which === kept(l)).length;
    expect(again).toMatchObject({ written: 0, duplicates: equalToKept, conflicts: lines.length - equalToKept });
  });
});
