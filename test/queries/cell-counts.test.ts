/**
 * The disclosure cells as the statement counts them, against counts made by hand: operators with
 * sales or refunds per day and area, each counted once however many of the area's sites it sold at,
 * one to three and more told apart, the asking operator left out; per breakdown row and group too,
 * from the projection and from the raw rows alike.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { publicationRule } from "../../queries/access/disclosure.ts";
import { type PeriodTotalsQuery, type TotalsOf, periodTotals } from "../../queries/reports/period-totals.ts";
import { migrate } from "../../transforms/migrate.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

let warehouse: Warehouse;

/** Town t1 holds s1–s4, town t2 s5 and s6; who sells where is set per event, as a register change over the years would leave it. */
const sites = [
  { site_id: "s1", town_id: "t1" },
  { site_id: "s2", town_id: "t1" },
  { site_id: "s3", town_id: "t1" },
  { site_id: "s4", town_id: "t1" },
  { site_id: "s5", town_id: "t2" },
  { site_id: "s6", town_id: "t2" },
];
const allSites = sites.map((s) => s.site_id);
const planner = publicationRule({ role: "planner" }, sites).cells;
const opA = publicationRule({ role: "operator", operator_id: "opA" }, sites).cells;

let n = 0;
const ticket = (local_date: string, site_id: string, operator_id: string, action: "sale" | "refund" | "redeem", quantity = 1) => ({
  event_id: `e${++n}`,
  action,
  site_id,
  operator_id,
  order_id: `o${n}`,
  ticket_type: "adult",
  channel: "onsite",
  quantity,
  amount_fen: action === "redeem" ? 0 : 1000 * n,
  occurred_at: `${local_date} 02:00:00.000`,
  local_date,
  source_kind: "file",
  source_name: "test",
  source_partition: 0,
  source_position: n,
});

const day = (d: number) => `2024-06-0${d}`;

beforeAll(async () => {
  warehouse = await openTestEmbedded("cell_counts");
  await migrate(warehouse, createLogger("silent"));
  // Two inserts, two parts: the projection's counts merge across parts too.
  await warehouse.insert("ticket_events", [
    // Day 1, t1: opA at s1 and s2, opB at s3: two operators (three sites).
    ticket(day(1), "s1", "opA", "sale"),
    ticket(day(1), "s2", "opA", "sale"),
    ticket(day(1), "s3", "opB", "sale"),
    // Day 2, t1: opA, opB and opC; opD only redeemed (no revenue). t2: opE only refunded.
    ticket(day(2), "s1", "opA", "sale"),
    ticket(day(2), "s2", "opB", "sale"),
    ticket(day(2), "s4", "opD", "redeem", 5),
  ]);
  await warehouse.insert("ticket_events", [
    ticket(day(2), "s3", "opC", "sale"),
    ticket(day(2), "s5", "opE", "refund"),
    // Day 3, t1: four operators, opD at two sites; t2 nothing.
    ticket(day(3), "s1", "opA", "sale"),
    ticket(day(3), "s2", "opB", "sale"),
    ticket(day(3), "s3", "opC", "sale"),
    ticket(day(3), "s3", "opD", "sale"),
    ticket(day(3), "s4", "opD", "refund"),
    // Day 4: opA in both towns, opB and opC in t2, which two others give opA's token.
    ticket(day(4), "s1", "opA", "sale"),
    ticket(day(4), "s5", "opA", "sale"),
    ticket(day(4), "s5", "opB", "sale"),
    ticket(day(4), "s6", "opC", "sale"),
  ]);
});
afterAll(async () => warehouse?.close());

/** Every period and key from the projection and from the raw rows, which must agree. */
async function bothWays(query: PeriodTotalsQuery, keys: string[]): Promise<TotalsOf> {
  const projected = await periodTotals(warehouse, query);
  const scanned = await periodTotals(
    { ...warehouse, query: (sql, params, row) => warehouse.query(`${sql}\nSETTINGS optimize_use_projections = 0`, params, row) },
    query,
  );
  for (let i = 0; i < query.periods.length; i++) for (const key of keys) expect(scanned(i, key)).toEqual(projected(i, key));
  return projected;
}

const days = [1, 2, 3, 4].map((d) => [{ start: day(d), end: day(d) }]);
const cellsOf = (totals: TotalsOf, key = "") => days.map((_, i) => [totals(i, key).cells.unsafeCells, totals(i, key).cells.otherCells]);

describe("disclosure cells per day and area", () => {
  it("count each operator with sales or refunds once per town and day, for a planner", async () => {
    const totals = await bothWays({ periods: days, sites: allSites, cells: planner }, [""]);
    // [unsafe, any]: day 1 t1 two operators; day 2 t1 three (safe), t2 one; day 3 t1 four; day 4 t1 one, t2 three.
    expect(cellsOf(totals)).toEqual([
      [1, 1],
      [1, 2],
      [0, 1],
      [1, 2],
    ]);
  });

  it("leave the asking operator out of every cell, over the whole alliance", async () => {
    const totals = await bothWays({ periods: days, sites: allSites, cells: opA }, [""]);
    // Others than opA: day 1 opB; day 2 opB, opC, opE; day 3 opB, opC, opD; day 4 opB, opC.
    expect(cellsOf(totals)).toEqual([
      [1, 1],
      [0, 1],
      [0, 1],
      [1, 1],
    ]);
  });

  it("count per breakdown row and per group of sites beside the scope", async () => {
    const groups = [
      { key: "town:t1", sites: ["s1", "s2", "s3", "s4"] },
      { key: "town:t2", sites: ["s5", "s6"] },
    ];
    const bySite = await bothWays({ periods: days, sites: allSites, by: "site", groups, cells: planner }, ["", ...allSites, "town:t1", "town:t2"]);
    expect(cellsOf(bySite, "town:t1")).toEqual([
      [1, 1],
      [0, 1],
      [0, 1],
      [1, 1],
    ]);
    expect(cellsOf(bySite, "town:t2")).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
      [0, 1],
    ]);
    // s3 on day 3: opC and opD.
    expect(cellsOf(bySite, "s3")).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    expect(cellsOf(bySite)).toEqual(cellsOf(await periodTotals(warehouse, { periods: days, sites: allSites, cells: planner })));
    const byOperator = await bothWays({ periods: days, sites: allSites, by: "operator", cells: opA }, ["", "opA", "opB", "opD"]);
    // opA's own row has no other operator in it; opD's row on day 3 is one other at two sites.
    expect(cellsOf(byOperator, "opA")).toEqual(days.map(() => [0, 0]));
    expect(cellsOf(byOperator, "opD")).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
    expect(cellsOf(byOperator, "")).toEqual(cellsOf(await periodTotals(warehouse, { periods: days, sites: allSites, cells: opA })));
  });

  it("gather no cells for a planner's figures none of which is whole towns, whose revenue is withheld anyway", async () => {
    const part = { periods: days, sites: ["s1", "s2", "s3"], cells: planner };
    expect(cellsOf(await bothWays(part, [""]))).toEqual(days.map(() => [0, 0]));
    // A group or a breakdown row that is a whole town has them gathered, for every key.
    const withTown = await bothWays({ ...part, sites: allSites.slice(0, 5), groups: [{ key: "town:t1", sites: ["s1", "s2", "s3", "s4"] }] }, ["", "town:t1"]);
    expect(cellsOf(withTown, "town:t1")).toEqual(cellsOf(await periodTotals(warehouse, { ...part, sites: ["s1", "s2", "s3", "s4"] }), ""));
    // Day 4: opA alone in t1, opA and opB at s5 of t2.
    expect(cellsOf(withTown, "")).toEqual([
      [1, 1],
      [1, 2],
      [0, 1],
      [2, 2],
    ]);
    // An operator's cells are gathered whatever its scope: its own revenue is shown by them.
    expect(cellsOf(await periodTotals(warehouse, { ...part, cells: opA }))).toEqual([
      [1, 1],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
  });

  it("refuse groups sharing a site, and a threshold the stored counts cannot tell apart", async () => {
    const shared = [
      { key: "x", sites: ["s1", "s2"] },
      { key: "y", sites: ["s2"] },
    ];
    await expect(periodTotals(warehouse, { periods: days, sites: allSites, groups: shared, cells: null })).rejects.toThrow(/must not share a site/);
    await expect(periodTotals(warehouse, { periods: days, sites: allSites, cells: { ...planner, threshold: 4 } })).rejects.toThrow(
      /too few for a disclosure threshold of 4/,
    );
  });
});
