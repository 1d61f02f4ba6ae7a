import { parseScopeKey, scopeKey } from "../access.ts";
import type { ViewContext } from "../context.ts";
import { h, input, select } from "../dom.ts";
import { loadInto } from "../load.ts";
import { scopeOptions } from "./scope-options.ts";
import { type Granularity, type Metric, trendPanels } from "./trend-panels.ts";

const thisYear = new Date().getFullYear();
const state = {
  from: `${thisYear}-01-01`,
  to: new Date().toISOString().slice(0, 10),
  granularity: "week" as Granularity,
  align: "date" as "date" | "weekday",
  scope: "alliance",
  metric: "visitors" as Metric,
};

export function trendView(ctx: ViewContext): HTMLElement {
  const { t } = ctx;
  const scope = parseScopeKey(state.scope, ctx.access.scopes);
  const results = h("div", { class: "results", "data-results": "trend" });
  const rerender = ctx.refresh;
  const set =
    <K extends keyof typeof state>(key: K) =>
    (value: string) => {
      (state as Record<K, string>)[key] = value;
      rerender();
    };
  const root = h(
    "div",
    { class: "view", "data-view": "trend" },
    h(
      "form",
      { class: "controls", onsubmit: (event: Event) => event.preventDefault() },
      input("from", t("from"), "date", state.from, set("from")),
      input("to", t("to"), "date", state.to, set("to")),
      select(
        "granularity",
        t("granularity"),
        (["day", "week", "month"] as const).map((g) => ({ value: g, label: t(g) })),
        state.granularity,
        set("granularity"),
      ),
      select(
        "align",
        t("align"),
        [
          { value: "date", label: t("alignDate") },
          { value: "weekday", label: t("alignWeekday") },
        ],
        state.align,
        set("align"),
      ),
      select("scope", t("scope"), scopeOptions(ctx), scopeKey(scope), set("scope")),
      select(
        "metric",
        t("metric"),
        [
          { value: "visitors", label: t("visitors") },
          { value: "revenue", label: t("revenue") },
        ],
        state.metric,
        set("metric"),
      ),
    ),
    results,
  );
  void loadInto(results, t, ctx.signal, () => trendPanels(ctx, { ...state, scope, name: "trend" }));
  return root;
}
