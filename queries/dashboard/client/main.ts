import { accessOf, type ViewName } from "./access.ts";
import { ApiError, apiGet } from "./api.ts";
import type { AppContext, ViewContext } from "./context.ts";
import { errorBox, h } from "./dom.ts";
import { type Locale, type MessageKey, translator } from "./i18n.ts";
import { festivalListSchema, holidayListSchema, meSchema, sitesSchema } from "./schemas.ts";
import { session } from "./session.ts";
import { festivalView } from "./views/festival.ts";
import { growthView } from "./views/growth.ts";
import { holidayView } from "./views/holiday.ts";
import { liveView } from "./views/live.ts";
import { operatorView } from "./views/operator.ts";
import { trendView } from "./views/trend.ts";

const views: Record<ViewName, { label: MessageKey; render: (ctx: ViewContext) => HTMLElement }> = {
  holiday: { label: "viewHoliday", render: holidayView },
  festival: { label: "viewFestival", render: festivalView },
  trend: { label: "viewTrend", render: trendView },
  operator: { label: "viewOperator", render: operatorView },
  growth: { label: "viewGrowth", render: growthView },
  live: { label: "viewLive", render: liveView },
};

const app = document.getElementById("app")!;

function currentView(offered: readonly ViewName[]): ViewName {
  const wanted = location.hash.slice(1);
  return offered.find((view) => view === wanted) ?? offered[0] ?? "holiday";
}

function roleLabel(ctx: AppContext): string {
  const { role } = ctx.me;
  const key: MessageKey = role === "staff" ? "roleStaff" : role === "planner" ? "rolePlanner" : "roleOperator";
  return `${ctx.me.name} · ${ctx.t(key)}`;
}

/** The shown view render's lifetime: aborted whenever that render is replaced. */
let viewLifetime = new AbortController();

function renderApp(ctx: AppContext): void {
  const { t } = ctx;
  const view = currentView(ctx.access.views);
  const switchLocale = () => {
    const locale: Locale = ctx.locale === "zh" ? "en" : "zh";
    session.setLocale(locale);
    renderApp({ ...ctx, locale, t: translator(locale) });
  };
  document.documentElement.lang = ctx.locale === "zh" ? "zh-CN" : "en";
  // The alliance's name is the configured one (TOURISM_ALLIANCE_NAME), in either language.
  const title = `${ctx.me.alliance} · ${t("title")}`;
  document.title = title;
  const nav = h(
    "nav",
    {},
    ...ctx.access.views.map((name) => h("a", { href: `#${name}`, "data-nav": name, class: name === view ? "active" : undefined }, t(views[name].label))),
  );
  const header = h(
    "header",
    {},
    h("h1", { "data-title": "" }, title),
    nav,
    h(
      "div",
      { class: "user" },
      h("span", { "data-user": "" }, roleLabel(ctx)),
      h("button", { type: "button", "data-action": "language", onclick: switchLocale }, t("language")),
      h("button", { type: "button", "data-action": "sign-out", onclick: signOut }, t("signOut")),
    ),
  );
  const main = h("main", {});
  const nothingYet = ctx.me.events_stored === 0 ? noEventsNotice(ctx) : null;
  const show = () => {
    viewLifetime.abort();
    viewLifetime = new AbortController();
    main.replaceChildren(views[view].render({ ...ctx, signal: viewLifetime.signal, refresh: show }));
  };
  app.replaceChildren(...(nothingYet ? [header, nothingYet, main] : [header, main]));
  show();
  window.onhashchange = () => renderApp(ctx);
}

/** On an empty store, instead of empty charts: how events get here. */
function noEventsNotice({ t }: AppContext): HTMLElement {
  const example = `curl -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" --data-binary @events.json ${location.origin}/api/events`;
  return h("section", { class: "note", "data-note": "no-events" }, h("p", {}, t("noEventsStored")), h("pre", {}, example));
}

function signOut(): void {
  session.clearToken();
  window.onhashchange = null;
  viewLifetime.abort();
  renderSignIn(null);
}

function renderSignIn(problem: string | null): void {
  const t = translator(session.locale());
  const field = h("input", { type: "password", name: "token", "data-field": "token", autocomplete: "off", required: true });
  const form = h(
    "form",
    {
      class: "sign-in",
      onsubmit: (event: Event) => {
        event.preventDefault();
        session.setToken(field.value.trim());
        void start();
      },
    },
    h("h1", {}, t("title")),
    h("label", { class: "field" }, h("span", {}, t("tokenLabel")), field),
    h("button", { type: "submit", "data-action": "sign-in" }, t("signIn")),
    problem ? errorBox(`${t("signInFailed")}: ${problem}`) : null,
  );
  app.replaceChildren(form);
  field.focus();
}

/** Signs in with the session's token: who am I, what may I see, which holidays and festivals exist. */
async function start(): Promise<void> {
  const token = session.token();
  if (!token) return renderSignIn(null);
  try {
    const [me, register, holidays, festivals] = await Promise.all([
      apiGet(token, "/api/me", {}, meSchema),
      apiGet(token, "/api/sites", {}, sitesSchema),
      apiGet(token, "/api/holidays", {}, holidayListSchema),
      apiGet(token, "/api/festivals", {}, festivalListSchema),
    ]);
    const locale = session.locale();
    renderApp({ token, me, register, holidays, festivals, access: accessOf(me.capabilities), locale, t: translator(locale) });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) session.clearToken();
    renderSignIn(err instanceof Error ? err.message : String(err));
  }
}

void start();
