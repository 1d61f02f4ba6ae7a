import { parseScopeKey, scopeKey, scopeName, scopeQuery } from "../access.ts";
import { apiGet } from "../api.ts";
import { chartPanel } from "../chart.ts";
import { growthOption } from "../charts/growth.ts";
import type { ViewContext } from "../context.ts";
import { h, select } from "../dom.ts";
import { xlsxButton } from "../download.ts";
import { fenToYuanNumber } from "../format.ts";
import { growthHeadline } from "../headline.ts";
import { loadInto } from "../load.ts";
import { growthReportSchema } from "../schemas.ts";
import { growthView as growthTable } from "../../../present/growth-view.ts";
import { presentPanel } from "../present-table.ts";
import { withheldNote } from "../withheld.ts";
import { scopeOptions } from "./scope-options.ts";

const thisYear = new Date().getFullYear();
/** 2019 is the usual baseline in Chinese official reporting: the last year before the pandemic. */
const state = { fromYear: 2019, toYear: thisYear - 1, baseline: "2019", scope: "alliance", metric: "visitors" as "visitors" | "revenue" };

export function growthView(ctx: ViewContext): HTMLElement {
  const { t, locale } = ctx;
  const scope = parseScopeKey(state.scope, ctx.access.scopes);
  const years = [...new Set(ctx.holidays.map((p) => p.year))].sort();
  const yearOptions = years.map((y) => ({ value: String(y), label: String(y) }));
  const results = h("div", { class: "results", "data-results": "growth" });
  const rerender = ctx.refresh;
  const root = h(
    "div",
    { class: "view", "data-view": "growth" },
    h(
      "form",
      { class: "controls", onsubmit: (event: Event) => event.preventDefault() },
      select("from_year", t("fromYear"), yearOptions, String(state.fromYear), (v) => {
        state.fromYear = Number(v);
        rerender();
      }),
      select("to_year", t("toYear"), yearOptions, String(state.toYear), (v) => {
        state.toYear = Number(v);
        rerender();
      }),
      select("baseline", t("baseline"), [{ value: "", label: t("none") }, ...yearOptions], state.baseline, (v) => {
        state.baseline = v;
        rerender();
      }),
      select("scope", t("scope"), scopeOptions(ctx), scopeKey(scope), (v) => {
        state.scope = v;
        rerender();
      }),
      select(
        "metric",
        t("metric"),
        [
          { value: "visitors", label: t("visitors") },
          { value: "revenue", label: t("revenue") },
        ],
        state.metric,
        (v) => {
          state.metric = v === "revenue" ? "revenue" : "visitors";
          rerender();
        },
      ),
    ),
    results,
  );
  void loadInto(results, t, ctx.signal, async () => {
    const query = { from_year: state.fromYear, to_year: state.toYear, baseline: state.baseline || undefined, ...scopeQuery(scope) };
    const report = await apiGet(ctx.token, "/api/reports/growth", query, growthReportSchema);
    const revenue = state.metric === "revenue";
    const name = scopeName(scope, ctx.register, locale, t("alliance"));
    const option = growthOption({
      years: report.years.map((y) => y.year),
      values: report.years.map((y) => (revenue ? fenToYuanNumber(y.revenue_fen) : y.visitors)),
      yoy: report.years.map((y) => (revenue ? y.revenue_yoy_pct : y.visitors_yoy_pct)),
      vsBaseline: state.baseline ? report.years.map((y) => (revenue ? y.revenue_vs_baseline_pct : y.visitors_vs_baseline_pct)) : null,
      labels: {
        value: revenue ? t("revenue") : t("visitors"),
        unit: revenue ? t("yuan") : t("visitorsUnit"),
        yoy: t("yoyPct"),
        vsBaseline: t("vsBaseline"),
        pct: "%",
      },
      locale,
      measure: revenue ? "yuan" : "people",
    });
    const cagr = revenue ? report.cagr.revenue_pct : report.cagr.visitors_pct;
    return [
      h("h2", { class: "headline", "data-headline": "" }, growthHeadline(locale, { from: state.fromYear, to: state.toYear, scopeName: name, cagrPct: cagr })),
      withheldNote(ctx, report.revenue_withheld),
      chartPanel("growth", revenue ? t("revenue") : t("visitors"), option, 340),
      presentPanel(
        ctx,
        growthTable(report),
        `growth-${state.fromYear}-${state.toYear}`,
        xlsxButton(ctx, "/api/reports/growth", query, `growth-${state.fromYear}-${state.toYear}`),
      ),
    ].filter((node): node is HTMLElement => node !== null);
  });
  return root;
}
