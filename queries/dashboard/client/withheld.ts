import type { ViewContext } from "./context.ts";
import { h } from "./dom.ts";
import type { Cell, WithheldCell } from "./table.ts";

/**
 * Which revenue is withheld is the server's answer (revenue_withheld per figure); the dashboard
 * only says so, in the signed-in role's terms (its rule from /api/me): an operator's own sales
 * never count against it.
 */
function reason(ctx: ViewContext): string {
  return ctx.t(ctx.me.capabilities.revenue.rule === "threshold_of_others" ? "withheldReasonOthers" : "withheldReason");
}

export function withheldCell(ctx: ViewContext): WithheldCell {
  return { withheld: ctx.t("withheld"), reason: reason(ctx) };
}

/** A revenue figure or percentage, or the withheld marker when a figure it rests on is withheld (never 0). */
export function revenueCell(ctx: ViewContext, value: number | null | undefined, ...withheld: (boolean | undefined)[]): Cell {
  return withheld.some((w) => w === true) ? withheldCell(ctx) : value;
}

/** A figure of a period without any data: "no data" in the cell (never 0), the reason on hover. */
export function figureCell(
  ctx: ViewContext,
  value: number | null | undefined,
  period: { no_data_reason?: string | null | undefined } | null | undefined,
): Cell {
  return period?.no_data_reason ? { withheld: ctx.t("noDataCell"), reason: ctx.t("noDataReason"), noData: true } : value;
}

/** The note above a view whose answer withholds some revenue. */
export function withheldNote(ctx: ViewContext, anyWithheld: boolean | undefined): HTMLElement | null {
  return anyWithheld ? h("p", { class: "note", "data-note": "revenue-withheld" }, reason(ctx)) : null;
}
