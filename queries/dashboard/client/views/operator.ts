import type { ViewContext } from "../context.ts";
import { h, select } from "../dom.ts";
import { loadInto } from "../load.ts";
import { type Granularity, trendPanels } from "./trend-panels.ts";

const state = { operator: "", year: new Date().getFullYear(), granularity: "month" as Granularity };

/** An operator's revenue, year on year: operators see only their own, staff any. */
export function operatorView(ctx: ViewContext): HTMLElement {
  const { t, locale } = ctx;
  if (!ctx.access.operators.includes(state.operator)) state.operator = ctx.access.operators[0] ?? "";
  const years = [...new Set(ctx.holidays.map((p) => p.year))].sort();
  const results = h("div", { class: "results", "data-results": "operator" });
  const rerender = ctx.refresh;
  const operators = ctx.access.operators.map((id) => {
    const named = ctx.register.operators.find((op) => op.operator_id === id);
    return { value: id, label: named ? (locale === "zh" ? named.name_zh : named.name_en) : id };
  });
  const root = h(
    "div",
    { class: "view", "data-view": "operator" },
    h(
      "form",
      { class: "controls", onsubmit: (event: Event) => event.preventDefault() },
      select("operator", t("operator"), operators, state.operator, (value) => {
        state.operator = value;
        rerender();
      }),
      select(
        "year",
        t("year"),
        years.map((y) => ({ value: String(y), label: String(y) })),
        String(state.year),
        (value) => {
          state.year = Number(value);
          rerender();
        },
      ),
      select(
        "granularity",
        t("granularity"),
        (["day", "week", "month"] as const).map((g) => ({ value: g, label: t(g) })),
        state.granularity,
        (value) => {
          state.granularity = value as Granularity;
          rerender();
        },
      ),
    ),
    results,
  );
  void loadInto(results, t, ctx.signal, () =>
    trendPanels(ctx, {
      from: `${state.year}-01-01`,
      to: `${state.year}-12-31`,
      granularity: state.granularity,
      align: "date",
      scope: { kind: "operator", id: state.operator },
      metric: "revenue",
      name: "operator",
    }),
  );
  return root;
}
