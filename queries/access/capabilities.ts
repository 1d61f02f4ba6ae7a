// zod/mini: the dashboard bundles this schema; the server uses it as it is.
import * as z from "zod/mini";
import { breakdowns } from "./scope.ts";

/** The dashboard's views; a new view is added here and offered by `capabilities` in access.ts. */
export const viewNames = ["holiday", "festival", "trend", "operator", "growth", "live"] as const;

const scopeBreakdowns = z.array(z.enum(breakdowns));

/** A scope the role may open, and the breakdowns it may ask of it. */
export const offeredScopeSchema = z.union([
  z.strictObject({ kind: z.literal("alliance"), breakdowns: scopeBreakdowns }),
  z.strictObject({ kind: z.enum(["town", "site", "operator"]), id: z.string(), breakdowns: scopeBreakdowns }),
]);

/** What a token may see, as the one access policy decides it (answered by /api/me). */
export const capabilitiesSchema = z.strictObject({
  views: z.array(z.enum(viewNames)),
  /** In the order alliance, towns, operators, sites; what the role may not open is absent. */
  scopes: z.array(offeredScopeSchema),
  revenue: z.strictObject({
    /** every_figure: staff; threshold: the threshold rule; threshold_of_others: own revenue, others' under the threshold rule. */
    rule: z.enum(["every_figure", "threshold", "threshold_of_others"]),
    words: z.string(),
    /** Operators whose own revenue (a figure of theirs alone) the role may see. */
    operators: z.array(z.string()),
  }),
});

export type ViewName = (typeof viewNames)[number];
export type OfferedScope = z.infer<typeof offeredScopeSchema>;
export type Capabilities = z.infer<typeof capabilitiesSchema>;
