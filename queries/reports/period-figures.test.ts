import { describe, expect, it } from "vitest";
import { authorize } from "../access/access.ts";
import type { ResolvedScope } from "../access/scope.ts";
import { noDataReason, periodChange, periodFigures } from "./period-figures.ts";
import type { PeriodTotals } from "./period-totals.ts";

const alliance: ResolvedScope = { kind: "alliance", id: null, name_zh: "", name_en: "", sites: [] };
const register = { sites: ["x1", "x2", "x3"].map((site_id) => ({ site_id, town_id: "t1" })) };
const staff = authorize({ role: "staff", name: "s" }, register, alliance);
const planner = authorize({ role: "planner", name: "p" }, register, alliance);
const wholeTown = { sites: ["x1", "x2", "x3"], partial: false, unsafeCells: 0, otherCells: 3 };

const days3 = [{ start: "2024-04-04", end: "2024-04-06" }];
const totals = (over: Partial<PeriodTotals> = {}): PeriodTotals => ({
  visitors: 300,
  revenue_fen: 12_345,
  cells: wholeTown,
  missing_dates: [],
  peak: { date: "2024-04-05", visitors: 150 },
  ...over,
});

describe("periodFigures", () => {
  it("states a complete period's sums, per-day figure and peak", () => {
    expect(periodFigures(days3, totals(), planner)).toMatchObject({
      days: 3,
      visitors: 300,
      visitors_per_day: 100,
      revenue_fen: 12_345,
      revenue_cny: "123.45",
      revenue_withheld: false,
      peak_day: { date: "2024-04-05", visitors: 150 },
      complete: true,
      missing_dates: [],
    });
  });

  it("marks a period with a missing day incomplete, and states no change for it", () => {
    const current = periodFigures(days3, totals({ missing_dates: ["2024-04-06"] }), staff);
    expect(current).toMatchObject({ visitors: 300, complete: false, missing_dates: ["2024-04-06"] });
    const previous = periodFigures(days3, totals({ visitors: 200 }), staff);
    expect(periodChange(current, previous)).toEqual({ visitors_pct: null, revenue_pct: null, visitors_per_day_pct: null, peak_day_visitors_pct: null });
    expect(periodChange(periodFigures(days3, totals(), staff), previous).visitors_pct).toBe(50);
  });

  it("gives null figures with the reason, never 0, when not one day has data", () => {
    const none = periodFigures(days3, totals({ visitors: 0, revenue_fen: 0, missing_dates: ["2024-04-04", "2024-04-05", "2024-04-06"], peak: null }), staff);
    expect(none).toMatchObject({ visitors: null, revenue_fen: null, visitors_per_day: null, peak_day: null, no_data_reason: noDataReason, complete: false });
  });

  it("withholds revenue from a planner when fewer than three operators sold on a day, and every change of it", () => {
    const two = periodFigures(days3, totals({ cells: { ...wholeTown, unsafeCells: 1 } }), planner);
    expect(two).toMatchObject({ visitors: 300, revenue_fen: null, revenue_cny: null, revenue_withheld: true });
    expect(two.revenue_withheld_reason).toContain("fewer than 3 operators");
    const three = periodFigures(days3, totals(), planner);
    expect(periodChange(three, two)).toMatchObject({ visitors_pct: 0, revenue_pct: null });
  });
});
