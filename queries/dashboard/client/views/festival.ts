import { type Breakdown, parseScopeKey, scopeCoversAny, scopeKey, scopeQuery } from "../access.ts";
import { apiGet } from "../api.ts";
import type { ViewContext } from "../context.ts";
import { h, select } from "../dom.ts";
import { xlsxButton } from "../download.ts";
import { festivalHeadline } from "../headline.ts";
import { loadInto } from "../load.ts";
import { recoveryYear } from "../../../reports/schemas.ts";
import { type FestivalList, festivalReportSchema } from "../schemas.ts";
import { breakdownSelect, comparisonPanels } from "./comparison-panels.ts";
import { scopeOptions } from "./scope-options.ts";

/** The selections survive language switches and view changes within the session. */
const state = { festival: "", year: 0, scope: "alliance", by: "none" as Breakdown };

/** Defaults: the latest edition that has already begun, of the chosen festival or else the first. */
function defaults(festivals: FestivalList): void {
  const festival = festivals.find((f) => f.festival_id === state.festival) ?? festivals[0];
  if (!festival) return;
  state.festival = festival.festival_id;
  if (festival.editions.some((e) => e.year === state.year)) return;
  const today = new Date().toISOString().slice(0, 10);
  const started = festival.editions.filter((e) => e.start <= today).sort((a, b) => a.start.localeCompare(b.start));
  state.year = (started[started.length - 1] ?? festival.editions[0])?.year ?? new Date().getFullYear();
}

export function festivalView(ctx: ViewContext): HTMLElement {
  const { t, locale } = ctx;
  // An operator is offered only the festivals one of its sites takes part in.
  const festivals = ctx.festivals.filter((f) => f.site_ids.length > 0);
  defaults(festivals);
  const festival = festivals.find((f) => f.festival_id === state.festival);
  // Only scopes with a site in the festival: the report covers the festival's sites within the scope.
  const scopes = ctx.access.scopes.filter((offered) => festival !== undefined && scopeCoversAny(offered, ctx.register, festival.site_ids));
  const scope = parseScopeKey(state.scope, scopes);
  const breakdowns = ctx.access.breakdowns(scope);
  if (!breakdowns.includes(state.by)) state.by = "none";
  const rerender = ctx.refresh;
  const results = h("div", { class: "results", "data-results": "festival" });
  const root = h(
    "div",
    { class: "view", "data-view": "festival" },
    h(
      "form",
      { class: "controls", onsubmit: (event: Event) => event.preventDefault() },
      select(
        "festival",
        t("festival"),
        festivals.map((f) => ({ value: f.festival_id, label: locale === "zh" ? f.name_zh : f.name_en })),
        state.festival,
        (value) => {
          state.festival = value;
          defaults(festivals);
          rerender();
        },
      ),
      select(
        "year",
        t("year"),
        (festival?.editions ?? []).map((e) => ({ value: String(e.year), label: String(e.year) })),
        String(state.year),
        (value) => {
          state.year = Number(value);
          rerender();
        },
      ),
      select("scope", t("scope"), scopeOptions(ctx, scopes), scopeKey(scope), (value) => {
        state.scope = value;
        rerender();
      }),
      breakdownSelect(ctx, breakdowns, state.by, (by) => {
        state.by = by;
        rerender();
      }),
    ),
    results,
  );
  void loadInto(results, t, ctx.signal, async () => {
    if (!festival) return [h("p", { class: "note", "data-note": "no-festival" }, t("noFestival"))];
    // The recovery against 2019 (恢复率) whenever the festival had a 2019 edition.
    const baseline = state.year > recoveryYear && festival.editions.some((e) => e.year === recoveryYear) ? recoveryYear : undefined;
    const query = { festival: festival.festival_id, year: state.year, ...scopeQuery(scope), by: state.by === "none" ? undefined : state.by, baseline };
    const report = await apiGet(ctx.token, "/api/reports/festival", query, festivalReportSchema);
    const label = report.scope;
    const headline = festivalHeadline(locale, {
      festivalName: locale === "zh" ? report.name_zh : report.name_en,
      year: report.year,
      scopeName: label.kind === "alliance" ? t("alliance") : locale === "zh" ? label.name_zh : label.name_en,
      peakPct: report.whole_period_yoy.peak_day_visitors_pct,
      revenuePct: report.yoy.revenue_pct,
      revenueWithheld: report.current.revenue_withheld || report.previous?.revenue_withheld === true,
      noData: report.current.no_data_reason !== null,
    });
    const stem = `festival-${report.festival}-${report.year}`;
    const xlsx = () => xlsxButton(ctx, "/api/reports/festival", query, stem);
    const names = { view: "festival", stem, headline, xlsx } as const;
    // No day-by-day chart: the trend report reads whole scopes, not a festival's sites.
    return comparisonPanels(ctx, report, names, null);
  });
  return root;
}
