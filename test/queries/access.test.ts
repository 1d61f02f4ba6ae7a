import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type Access, AccessDenied, cliStaff } from "../../queries/access/access.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { ParamError } from "../../queries/access/param-error.ts";
import { festivalReport } from "../../queries/reports/festival.ts";
import { growthReport } from "../../queries/reports/growth.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
import { trendReport } from "../../queries/reports/trend.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { qingmingBatches, reportContext } from "./fixtures.ts";

let warehouse: Warehouse;
let ctx: ReportContext;
beforeAll(async () => {
  warehouse = await openTestEmbedded("access");
  ctx = await reportContext(warehouse, qingmingBatches());
});
afterAll(async () => warehouse?.close());

type Scope = { town?: string; site?: string; operator?: string };
const scopes: [string, Scope][] = [
  ["alliance", {}],
  ["town:t1", { town: "t1" }],
  ["site:a1", { site: "a1" }],
  ["site:b1", { site: "b1" }],
  ["operator:opA", { operator: "opA" }],
  ["operator:opB", { operator: "opB" }],
];
type By = "site" | "operator" | undefined;

const reports: Record<string, { bys: By[]; run: (access: Access, scope: Scope, by: By) => Promise<unknown> }> = {
  holiday: { bys: [undefined, "site", "operator"], run: (a, s, by) => holidayReport(ctx, a, { holiday: "qingming", year: 2024, ...s, by }) },
  festival: { bys: [undefined, "site", "operator"], run: (a, s, by) => festivalReport(ctx, a, { festival: "spring-fair", year: 2024, ...s, by }) },
  trend: { bys: [undefined], run: (a, s) => trendReport(ctx, a, { from: "2024-04-04", to: "2024-04-06", granularity: "day", align: "date", ...s }) },
  growth: { bys: [undefined], run: (a, s) => growthReport(ctx, a, { from_year: 2023, to_year: 2024, ...s }) },
};

/**
 * What operator:opA may ask, worked out from the rules by hand (report|scope|by → all revenue
 * shown); everything else is refused. Only opA and opB sell in this fixture, so an alliance-wide
 * figure has at most one other contributing operator and its revenue is withheld somewhere.
 */
const operatorAllowed: Record<string, boolean> = {
  "holiday|alliance|-": false,
  "holiday|operator:opA|-": true,
  "holiday|operator:opA|site": true,
  "holiday|site:a1|-": true,
  "holiday|site:a1|site": true,
  "festival|alliance|-": false,
  "festival|operator:opA|-": true,
  "festival|operator:opA|site": true,
  "festival|site:a1|-": true,
  "festival|site:a1|site": true,
  "trend|alliance|-": false,
  "trend|operator:opA|-": true,
  "trend|site:a1|-": true,
  "growth|alliance|-": false,
  "growth|operator:opA|-": true,
  "growth|site:a1|-": true,
};

/** Every revenue field nulled, so a trimmed report can be compared with staff's. */
function withoutRevenue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRevenue);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, key === "revenue_withheld" ? undefined : /revenue/.test(key) ? null : withoutRevenue(v)]),
  );
}

const planner: Access = { role: "planner", name: "planner" };
const operatorA: Access = { role: "operator", operator_id: "opA", name: "Farm A" };

describe("every role against every report, scope and breakdown", () => {
  for (const [report, { bys, run }] of Object.entries(reports)) {
    it(report, async () => {
      for (const [scopeName, scope] of scopes) {
        for (const by of bys) {
          const key = `${report}|${scopeName}|${by ?? "-"}`;
          const full = await run(cliStaff, scope, by);
          expect((full as { revenue_withheld: boolean }).revenue_withheld, key).toBe(false);

          // No figure here has three contributing operators: a planner sees visitors, never revenue.
          const asPlanner = await run(planner, scope, by);
          expect((asPlanner as { revenue_withheld: boolean }).revenue_withheld, key).toBe(true);
          expect(withoutRevenue(asPlanner), key).toEqual(withoutRevenue(full));

          const allowed = operatorAllowed[key];
          if (allowed === undefined) {
            // Another operator's ids are unknown to opA (400, like a typo); other requests are refused (403).
            const unseen = scopeName === "site:b1" || scopeName === "operator:opB";
            await expect(run(operatorA, scope, by), key).rejects.toThrow(unseen ? ParamError : AccessDenied);
          } else {
            const asOperator = await run(operatorA, scope, by);
            if (allowed) expect(asOperator, key).toEqual(full);
            else {
              expect((asOperator as { revenue_withheld: boolean }).revenue_withheld, key).toBe(true);
              expect(withoutRevenue(asOperator), key).toEqual(withoutRevenue(full));
            }
          }
        }
      }
    });
  }
});
