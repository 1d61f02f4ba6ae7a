import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type PeriodTotalsQuery, type TotalsOf, periodTotals } from "../../queries/reports/period-totals.ts";
import { publicationRule } from "../../queries/access/disclosure.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { footfall, reportContext, testRegister, ticket } from "./fixtures.ts";

let warehouse: Warehouse;

/** Reads through the raw rows instead of the projections, for the same answer. */
const raw = (w: Warehouse): Warehouse => ({ ...w, query: (sql, params, row) => w.query(`${sql}\nSETTINGS optimize_use_projections = 0`, params, row) });

/**
 * 1–5 May 2024 at a1 (opA), b1 (opB) and g1 (opC), local times: a1 30 on the 1st, 50 on the 2nd and
 * 50 on the 4th (a tie, after an exit-only 3rd); b1 50 on the 2nd and a refund on the 5th; g1 a
 * redeem only on the 1st. No events at all on 6 May.
 */
beforeAll(async () => {
  warehouse = await openTestEmbedded("period_totals");
  await reportContext(warehouse, [
    [
      footfall("f1", "a1", "2024-05-01T10:00:00", 30),
      footfall("f2", "a1", "2024-05-02T10:00:00", 50),
      footfall("f3", "a1", "2024-05-03T10:00:00", 7, "out"),
      footfall("f4", "a1", "2024-05-04T10:00:00", 50),
      footfall("f5", "b1", "2024-05-02T16:00:00", 50),
      ticket("t1", "a1", "sale", "2024-05-01T10:00:00", "10.00"),
      ticket("t2", "b1", "refund", "2024-05-05T10:00:00", "2.50"),
      ticket("t3", "g1", "redeem", "2024-05-01T10:00:00"),
    ],
  ]);
});
afterAll(async () => warehouse?.close());

/** Cells per town and day, counting every operator (a planner's); per day, leaving opA out (opA's). */
const plannerCells = publicationRule({ role: "planner" }, testRegister.sites).cells;
const opACells = publicationRule({ role: "operator", operator_id: "opA" }, testRegister.sites).cells;

const may = (from: number, to: number) => ({ start: `2024-05-0${from}`, end: `2024-05-0${to}` });

async function bothWays(query: PeriodTotalsQuery): Promise<TotalsOf> {
  const projected = await periodTotals(warehouse, query);
  const scanned = await periodTotals(raw(warehouse), query);
  const keys = ["", "a1", "b1", "g1", "town:t1"];
  for (let i = 0; i < query.periods.length; i++) for (const key of keys) expect(scanned(i, key)).toEqual(projected(i, key));
  return projected;
}

describe("period totals", () => {
  it("sum each period and list its days without events", async () => {
    // Both towns whole (a2 has no events), so a planner's cells are gathered.
    const sites = ["a1", "a2", "b1", "g1"];
    const totals = await bothWays({ periods: [[may(1, 6)], [may(3, 3)], [may(6, 6)], []], sites, cells: plannerCells });
    expect(totals(0)).toEqual({
      visitors: 180,
      revenue_fen: 750,
      // In t1 opA alone sold on the 1st and opB alone refunded on the 5th; g1's redeem (t2) is no revenue.
      cells: { sites, partial: false, unsafeCells: 2, otherCells: 2 },
      missing_dates: ["2024-05-06"],
      peak: { date: "2024-05-02", visitors: 100 },
    });
    // Only exits on the 3rd: a day with events, of no visitors.
    const none = { sites, partial: false, unsafeCells: 0, otherCells: 0 };
    expect(totals(1)).toEqual({ visitors: 0, revenue_fen: 0, cells: none, missing_dates: [], peak: { date: "2024-05-03", visitors: 0 } });
    expect(totals(2)).toEqual({ visitors: 0, revenue_fen: 0, cells: none, missing_dates: ["2024-05-06"], peak: null });
    expect(totals(3).missing_dates).toEqual([]);
  });

  it("break down by site (the earliest of equal peak days) and by groups of sites beside the scope's totals", async () => {
    const totals = await bothWays({
      periods: [[may(1, 2), may(4, 5)]],
      sites: ["a1", "b1", "g1"],
      by: "site",
      groups: [{ key: "town:t1", sites: ["a1", "b1"] }],
      cells: plannerCells,
    });
    expect(totals(0, "a1")).toMatchObject({ visitors: 130, revenue_fen: 1000, missing_dates: ["2024-05-05"], peak: { date: "2024-05-02", visitors: 50 } });
    expect(totals(0, "b1")).toMatchObject({ visitors: 50, revenue_fen: -250, missing_dates: ["2024-05-01", "2024-05-04"] });
    expect(totals(0, "town:t1")).toMatchObject({
      visitors: 180,
      revenue_fen: 750,
      cells: { sites: ["a1", "b1"], partial: false, unsafeCells: 2, otherCells: 2 },
      missing_dates: [],
    });
    expect(totals(0, "a1").cells).toEqual({ sites: ["a1"], partial: false, unsafeCells: 1, otherCells: 1 });
    expect(totals(0, "g1")).toMatchObject({
      visitors: 0,
      cells: { sites: ["g1"], unsafeCells: 0, otherCells: 0 },
      missing_dates: ["2024-05-02", "2024-05-04", "2024-05-05"],
    });
    expect(totals(0)).toMatchObject({ visitors: 180, missing_dates: [], peak: { date: "2024-05-02", visitors: 100 } });
  });

  it("count an operator's cells per day over the alliance, leaving its own sales out", async () => {
    const totals = await bothWays({ periods: [[may(1, 6)]], sites: ["a1", "b1", "g1"], cells: opACells });
    // opA's own sale on the 1st is left out; opB's refund on the 5th is one other operator.
    expect(totals(0)).toMatchObject({ revenue_fen: 750, cells: { unsafeCells: 1, otherCells: 1 } });
  });

  it("mark a period holding today or a cut-off date as counting a day in part", async () => {
    const totals = await bothWays({ periods: [[may(1, 4)], [may(5, 6)]], sites: ["a1", "b1"], cells: plannerCells, today: "2024-05-06" });
    expect([totals(0).cells.partial, totals(1).cells.partial]).toEqual([false, true]);
  });

  it("gather no cells when not asked to, with the same sums", async () => {
    const totals = await bothWays({ periods: [[may(1, 6)]], sites: ["a1", "b1", "g1"], cells: null });
    expect(totals(0)).toMatchObject({ visitors: 180, revenue_fen: 750, cells: { unsafeCells: 0, otherCells: 0 } });
  });

  it("count a cut-off date only up to its instant", async () => {
    const totals = await periodTotals(warehouse, {
      periods: [[may(1, 2)]],
      sites: ["a1", "b1"],
      // 12:00 local on 2 May: a1's 10:00 entries count, b1's 16:00 ones do not.
      cutoffs: [{ date: "2024-05-02", before: "2024-05-02 04:00:00.000" }],
      cells: plannerCells,
    });
    expect(totals(0)).toMatchObject({ visitors: 80, peak: { date: "2024-05-02", visitors: 50 }, cells: { partial: true } });
  });
});
