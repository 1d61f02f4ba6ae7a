import { type Breakdown, parseScopeKey, scopeKey, scopeName, scopeQuery } from "../access.ts";
import { apiGet } from "../api.ts";
import type { ViewContext } from "../context.ts";
import { h, select } from "../dom.ts";
import { xlsxButton } from "../download.ts";
import { holidayHeadline, holidayHeadlineInput } from "../headline.ts";
import { holidayName } from "../i18n.ts";
import { loadInto } from "../load.ts";
import { recoveryYear } from "../../../reports/schemas.ts";
import { holidayReportSchema } from "../schemas.ts";
import { bulletinPanels } from "./bulletin-panel.ts";
import { breakdownSelect, comparisonPanels } from "./comparison-panels.ts";
import { forecastPanel } from "./forecast-panel.ts";
import { scopeOptions } from "./scope-options.ts";

/** The selections survive language switches and view changes within the session. */
const state = { holiday: "", year: 0, scope: "", by: "none" as Breakdown };

/** An operator's view opens on its own business; other roles on the alliance. */
function defaultScope(ctx: ViewContext): string {
  const own = ctx.access.operators.length === 1 ? ctx.access.scopes.find((s) => s.kind === "operator" && s.id === ctx.access.operators[0]) : undefined;
  return own ? scopeKey(own) : "alliance";
}

/** Defaults: the latest holiday that has already begun at the sites (the server's today, a demo's in a demo). */
function defaults(ctx: ViewContext): void {
  if (state.holiday !== "" && ctx.holidays.some((p) => p.key === state.holiday && p.year === state.year)) return;
  const today = ctx.me.today;
  const started = ctx.holidays.filter((p) => p.start <= today).sort((a, b) => a.start.localeCompare(b.start));
  const latest = started[started.length - 1] ?? ctx.holidays[0];
  state.holiday = latest?.key ?? "qingming";
  state.year = latest?.year ?? Number(today.slice(0, 4));
}

export function holidayView(ctx: ViewContext): HTMLElement {
  defaults(ctx);
  if (state.scope === "") state.scope = defaultScope(ctx);
  const { t, locale } = ctx;
  const results = h("div", { class: "results", "data-results": "holiday" });
  const keys = [...new Set(ctx.holidays.map((p) => p.key))];
  const years = ctx.holidays.filter((p) => p.key === state.holiday).map((p) => p.year);
  const scope = parseScopeKey(state.scope, ctx.access.scopes);
  const breakdowns = ctx.access.breakdowns(scope);
  if (!breakdowns.includes(state.by)) state.by = "none";
  const rerender = ctx.refresh;
  const root = h(
    "div",
    { class: "view", "data-view": "holiday" },
    h(
      "form",
      { class: "controls", onsubmit: (event: Event) => event.preventDefault() },
      select(
        "holiday",
        t("holiday"),
        keys.map((key) => ({ value: key, label: holidayName(locale, [key]) })),
        state.holiday,
        (value) => {
          state.holiday = value;
          const available = ctx.holidays.filter((p) => p.key === value).map((p) => p.year);
          if (!available.includes(state.year)) state.year = available[available.length - 1] ?? state.year;
          rerender();
        },
      ),
      select(
        "year",
        t("year"),
        years.map((year) => ({ value: String(year), label: String(year) })),
        String(state.year),
        (value) => {
          state.year = Number(value);
          rerender();
        },
      ),
      select("scope", t("scope"), scopeOptions(ctx), scopeKey(scope), (value) => {
        state.scope = value;
        rerender();
      }),
      breakdownSelect(ctx, breakdowns, state.by, (by) => {
        state.by = by;
        rerender();
      }),
    ),
    forecastPanel(ctx, scope),
    results,
  );
  void loadInto(results, t, ctx.signal, async () => {
    // The recovery against 2019 (恢复率) for every later year the calendar can compare with it.
    const baseline = state.year > recoveryYear && ctx.holidays.some((p) => p.key === state.holiday && p.year === recoveryYear) ? recoveryYear : undefined;
    const query = { holiday: state.holiday, year: state.year, ...scopeQuery(scope), by: state.by === "none" ? undefined : state.by, baseline };
    const report = await apiGet(ctx.token, "/api/reports/holiday", query, holidayReportSchema);
    const label = report.scope;
    const name = label.kind !== "alliance" ? (locale === "zh" ? label.name_zh : label.name_en) : scopeName(scope, ctx.register, locale, t("alliance"));
    const headline = holidayHeadline(locale, holidayHeadlineInput(report, name));
    const stem = `holiday-${report.holiday}-${report.year}`;
    const xlsx = () => xlsxButton(ctx, "/api/reports/holiday", query, stem);
    const [panels, bulletin] = await Promise.all([
      comparisonPanels(ctx, report, { view: "holiday", stem, headline, xlsx }, scope),
      bulletinPanels(ctx, state.holiday, state.year, scope),
    ]);
    return [...panels, ...bulletin];
  });
  return root;
}
