import type { ViewContext } from "./context.ts";
import { h } from "./dom.ts";

/**
 * Which revenue is withheld is the server's answer (revenue_withheld per figure); the dashboard
 * only says so, in the signed-in role's terms (its rule from /api/me): an operator's own sales
 * never count against it.
 */
export function withheldReason(ctx: ViewContext): string {
  return ctx.t(ctx.me.capabilities.revenue.rule === "threshold_of_others" ? "withheldReasonOthers" : "withheldReason");
}

/** The note above a view whose answer withholds some revenue. */
export function withheldNote(ctx: ViewContext, anyWithheld: boolean | undefined): HTMLElement | null {
  return anyWithheld ? h("p", { class: "note", "data-note": "revenue-withheld" }, withheldReason(ctx)) : null;
}
