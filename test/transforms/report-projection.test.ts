import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { publicationRule } from "../../queries/access/disclosure.ts";
import { cellParams, periodTotals, periodTotalsSql } from "../../queries/reports/period-totals.ts";
import { migrate } from "../../transforms/migrate.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const log = createLogger("silent");
/** Both sites in one town, counted as a planner's cells. */
const cells = publicationRule({ role: "planner" }, [
  { site_id: "s1", town_id: "t1" },
  { site_id: "s2", town_id: "t1" },
]).cells;
const migrations = fileURLToPath(new URL("../../transforms/migrations/", import.meta.url));
let warehouse: Warehouse;

const ticket = (event_id: string, action: string, site_id: string, operator_id: string, quantity: number, amount_fen: number, local_date: string) => ({
  event_id,
  action,
  site_id,
  operator_id,
  order_id: `o-${event_id}`,
  ticket_type: "adult",
  channel: "onsite",
  quantity,
  amount_fen,
  occurred_at: `${local_date} 02:00:00.000`,
  local_date,
  source_kind: "file",
  source_name: "test",
  source_partition: 0,
  source_position: 0,
});

/** Ticket events stored before migration 010, in two parts. */
beforeAll(async () => {
  warehouse = await openTestEmbedded("report_projection");
  const before010 = mkdtempSync(join(tmpdir(), "tourism-migrations-"));
  for (const name of readdirSync(migrations).filter((n) => n < "010")) cpSync(join(migrations, name), join(before010, name));
  await migrate(warehouse, log, before010);
  await warehouse.insert("ticket_events", [
    ticket("t1", "sale", "s1", "opA", 2, 5000, "2024-04-04"),
    ticket("t2", "refund", "s2", "opB", 1, 1200, "2024-04-04"),
    ticket("t3", "redeem", "s2", "opB", 3, 0, "2024-04-05"),
  ]);
  await warehouse.insert("ticket_events", [ticket("t4", "sale", "s1", "opA", 1, 800, "2024-04-05")]);
  // 010 first; later migrations follow it.
  expect((await migrate(warehouse, log))[0]).toBe("010_report_ticket_projection.sql");
  // MATERIALIZE runs in the background: wait until every part holds the new projection.
  for (let i = 0; i < 100; i++) {
    const [pending] = await warehouse.query(
      "SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND NOT is_done",
      {},
      z.object({ n: int64 }),
    );
    if (pending!.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => warehouse?.close());

describe("migration 010 on stored ticket events", () => {
  it("gives every stored part the day × site × operator projection with revenue operators", async () => {
    const parts = await warehouse.query(
      "SELECT name, count() AS parts FROM system.projection_parts WHERE database = currentDatabase() AND table = 'ticket_events' AND active GROUP BY name ORDER BY name",
      {},
      z.object({ name: z.string(), parts: int64 }),
    );
    // 012 drops daily_tickets, which no report reads.
    expect(parts).toEqual([{ name: "daily_site_tickets", parts: 2 }]);
    const plan = await warehouse.query(
      `EXPLAIN ${periodTotalsSql({ by: "site", span: true })}`,
      {
        first: "2024-04-04",
        last: "2024-04-05",
        sites: ["s1", "s2"],
        ...cellParams(cells),
      },
      z.object({ explain: z.string() }),
    );
    expect(plan.map((r) => r.explain).join("\n")).toContain("ReadFromMergeTree (daily_site_tickets)");
  });

  it("answers the period totals from it exactly as from the raw rows", async () => {
    const days = [[{ start: "2024-04-04", end: "2024-04-04" }], [{ start: "2024-04-05", end: "2024-04-05" }], [{ start: "2024-04-04", end: "2024-04-05" }]];
    const query = { periods: days, sites: ["s1", "s2"], cells };
    const projected = await periodTotals(warehouse, query);
    const raw = await periodTotals(
      { ...warehouse, query: (sql, params, row) => warehouse.query(`${sql}\nSETTINGS optimize_use_projections = 0`, params, row) },
      query,
    );
    const totals = (of: typeof projected) => days.map((_, i) => of(i));
    const none = { visitors: 0, missing_dates: [] };
    const cellsOf = { sites: ["s1", "s2"], partial: false };
    expect(totals(projected)).toEqual([
      // A sale of opA and a refund of opB: two operators' revenue in the town that day (an unsafe cell).
      { ...none, revenue_fen: 3800, cells: { ...cellsOf, unsafeCells: 1, otherCells: 1 }, peak: { date: "2024-04-04", visitors: 0 } },
      // opB only redeemed: no revenue of theirs; opA alone.
      { ...none, revenue_fen: 800, cells: { ...cellsOf, unsafeCells: 1, otherCells: 1 }, peak: { date: "2024-04-05", visitors: 0 } },
      { ...none, revenue_fen: 4600, cells: { ...cellsOf, unsafeCells: 2, otherCells: 2 }, peak: { date: "2024-04-04", visitors: 0 } },
    ]);
    expect(totals(raw)).toEqual(totals(projected));
  });
});
