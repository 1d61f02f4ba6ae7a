import type { Level } from "../../../../ingest/live/capacity.ts";
import { apiGet, apiPath } from "../api.ts";
import { chartPanel, mountCharts } from "../chart.ts";
import { levelOf, liveComparisonOption, liveHourlyOption, occupancyGaugeOption } from "../charts/live.ts";
import type { ViewContext } from "../context.ts";
import { errorBox, h } from "../dom.ts";
import { xlsxButton } from "../download.ts";
import { formatCount, formatLocalTime } from "../format.ts";
import type { MessageKey, Translate } from "../i18n.ts";
import { type AlertList, alertListSchema, type LiveReport, liveReportSchema, type SiteLive } from "../schemas.ts";
import { sseParser } from "../sse.ts";
import { liveView as liveTables } from "../../../present/live-view.ts";
import { presentPanel } from "../present-table.ts";

const levelWords: Record<Level, MessageKey> = { normal: "levelNormal", warning: "levelWarning", full: "levelFull" };
/** Reconnection waits double from 1 s up to 30 s, and start again at 1 s once a snapshot arrives. */
const backoff = { firstMs: 1000, maxMs: 30_000 };

/**
 * 实时 / Live: a tile per site (occupancy gauge by level, entries against daily capacity, stale
 * sites greyed), today against the comparison day, and the day's alert log; kept current by the
 * /api/live/stream server-sent events until the view is replaced.
 */
export function liveView(ctx: ViewContext): HTMLElement {
  const { t } = ctx;
  const status = h("p", { class: "stream-status", role: "status", "data-stream": "connecting" }, t("streamConnecting"));
  const results = h("div", { class: "results", "data-results": "live", "data-state": "loading" }, h("p", { class: "loading" }, t("loading")));
  const alerts = h("section", { class: "panel", "data-alerts": "" }, h("h3", {}, t("alertLog")));
  const root = h("div", { class: "view", "data-view": "live" }, status, results, alerts);

  let shown: LiveReport | null = null;
  // Each snapshot's charts live until the next snapshot replaces them (or the view goes).
  let frame: AbortController | null = null;
  ctx.signal.addEventListener("abort", () => frame?.abort(), { once: true });

  const show = (snapshot: LiveReport) => {
    shown = snapshot;
    frame?.abort();
    frame = new AbortController();
    results.replaceChildren(...snapshotNodes(ctx, snapshot));
    mountCharts(results, frame.signal);
    results.dataset.state = "ready";
    setStatus(status, "live", t("streamLive", { time: formatLocalTime(snapshot.at) }));
    void refreshAlerts(ctx, alerts, snapshot);
  };
  const dropped = (waitMs: number, problem: string) => {
    const seconds = Math.round(waitMs / 1000);
    setStatus(status, "dropped", shown ? t("streamDropped", { seconds, time: formatLocalTime(shown.at) }) : `${t("errorPrefix")}${problem}`);
    if (!shown) {
      results.replaceChildren(errorBox(t("errorPrefix") + problem));
      results.dataset.state = "error";
    }
  };
  void follow(ctx, show, dropped);
  return root;
}

function setStatus(status: HTMLElement, state: "live" | "dropped", words: string): void {
  status.dataset.stream = state;
  status.textContent = words;
}

/** Reads the stream until the view's lifetime ends, reconnecting with backoff whenever it drops. */
async function follow(ctx: ViewContext, show: (snapshot: LiveReport) => void, dropped: (waitMs: number, problem: string) => void): Promise<void> {
  let waitMs = backoff.firstMs;
  while (!ctx.signal.aborted) {
    let problem: string;
    try {
      problem = await readStream(ctx, (snapshot) => {
        waitMs = backoff.firstMs;
        show(snapshot);
      });
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    if (ctx.signal.aborted) return;
    dropped(waitMs, problem);
    await sleep(waitMs, ctx.signal);
    waitMs = Math.min(waitMs * 2, backoff.maxMs);
  }
}

/** One connection: each snapshot to `onSnapshot`; resolves with why it ended. */
async function readStream(ctx: ViewContext, onSnapshot: (snapshot: LiveReport) => void): Promise<string> {
  const path = "/api/live/stream";
  const response = await fetch(apiPath(path, liveScope(ctx)), {
    headers: { authorization: `Bearer ${ctx.token}`, accept: "text/event-stream" },
    signal: ctx.signal,
  });
  if (!response.ok || !response.body) return `${path}: HTTP ${response.status}`;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parse = sseParser();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return `${path}: closed`;
    for (const event of parse(value)) {
      if (event.event === "error") return `${path}: ${event.data}`;
      if (event.event !== "snapshot") continue;
      const parsed = liveReportSchema.safeParse(JSON.parse(event.data));
      if (!parsed.success) return `${path}: unexpected answer (${parsed.error.issues[0]?.path.join(".") ?? "invalid"})`;
      if (!ctx.signal.aborted) onSnapshot(parsed.data);
    }
  }
}

/** An operator watches its own sites; staff and planners the whole alliance. */
function liveScope(ctx: ViewContext): Record<string, string> {
  return ctx.me.operator_id ? { operator: ctx.me.operator_id } : {};
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        done();
      },
      { once: true },
    );
  });
}

function snapshotNodes(ctx: ViewContext, snapshot: LiveReport): HTMLElement[] {
  const { t, locale } = ctx;
  const scope = locale === "zh" ? snapshot.scope.name_zh : snapshot.scope.name_en;
  return [
    h(
      "h2",
      { class: "headline", "data-headline": "" },
      t("liveHeadline", {
        date: snapshot.date,
        time: formatLocalTime(snapshot.at),
        scope,
        occupancy: formatCount(snapshot.occupancy),
        entries: formatCount(snapshot.entries),
      }),
      // A demo's clock is not the real one: the time shown says so.
      ...(snapshot.demo ? [" ", h("span", { class: "demo-marker", "data-demo": "" }, t(snapshot.demo.ended ? "demoEnded" : "demoMarker"))] : []),
    ),
    h("div", { class: "tiles" }, ...snapshot.sites.map((site) => siteTile(ctx, site))),
    ...comparisonPanels(ctx, snapshot),
  ];
}

function siteTile(ctx: ViewContext, site: SiteLive): HTMLElement {
  const { t, locale } = ctx;
  const name = locale === "zh" ? site.name_zh : site.name_en;
  const level = levelOf(site.occupancy, site.capacity_instant);
  const daily = levelOf(site.entries, site.capacity_daily);
  const gauge = chartPanel(
    `live-gauge-${site.site_id}`,
    t("occupancy"),
    occupancyGaugeOption({ pct: site.occupancy_pct, level, stale: site.stale, name }),
    150,
  );
  gauge.classList.add("gauge");
  return h(
    "article",
    { class: `tile level-${level}${site.stale ? " stale" : ""}`, "data-site": site.site_id, "data-level": level, "data-stale": site.stale ? "true" : "false" },
    h("h3", {}, name),
    h("p", { class: "level-badge" }, site.stale ? t("stale") : t(levelWords[level])),
    gauge,
    h(
      "dl",
      {},
      h("dt", {}, t("occupancy")),
      h("dd", { "data-figure": "occupancy" }, `${formatCount(site.occupancy)} / ${formatCount(site.capacity_instant)}`),
      h("dt", {}, t("entries")),
      h(
        "dd",
        { "data-figure": "entries", "data-level": daily },
        site.capacity_daily === null
          ? `${formatCount(site.entries)} (${t("noCapacity")})`
          : `${formatCount(site.entries)} / ${formatCount(site.capacity_daily)}`,
      ),
    ),
    h("p", { class: "note" }, site.latest_event_at ? t("staleSince", { time: formatLocalTime(site.latest_event_at) }) : t("noEventsYet")),
  );
}

type ComparedDay = Extract<LiveReport["last_year"], { basis: string }>;

function comparisonDayWords(t: Translate, day: ComparedDay): string {
  return day.day_number !== null ? t("comparisonBasisHoliday", { n: day.day_number, date: day.date }) : t("comparisonDay", { date: day.date });
}

/**
 * Today against the same time of the comparison day (a chart), the sites' figures now and entries
 * by local hour (the report's tables, each beside the API's spreadsheet).
 */
function comparisonPanels(ctx: ViewContext, snapshot: LiveReport): HTMLElement[] {
  const { t } = ctx;
  const previous = snapshot.last_year;
  const xlsx = () => xlsxButton(ctx, "/api/live", { ...liveScope(ctx), at: snapshot.at }, `live-${snapshot.date}`);
  const dayWords = previous.date === null ? null : comparisonDayWords(t, previous);
  const [sites, hours] = liveTables(snapshot);
  const hourly = h(
    "div",
    { class: "row" },
    chartPanel("live-hourly", t("hourlyTitle"), liveHourlyOption({ hours: snapshot.hourly, labels: { today: t("today"), previous: dayWords ?? "" } }), 240),
    presentPanel(ctx, hours!, `live-hourly-${snapshot.date}`, xlsx()),
  );
  const sitesPanel = presentPanel(ctx, sites!, `live-sites-${snapshot.date}`, xlsx());
  if (previous.date === null)
    return [h("p", { class: "note", "data-note": "no-comparison" }, t("noComparison", { reason: previous.reason })), sitesPanel, hourly];
  const words = comparisonDayWords(t, previous);
  const comparison = liveComparisonOption({
    measures: [t("entries"), t("occupancy")],
    today: [snapshot.entries, snapshot.occupancy],
    previous: [previous.entries, previous.occupancy],
    labels: { today: t("today"), previous: words },
  });
  return [chartPanel("live-comparison", t("comparisonTitle"), comparison, 220), sitesPanel, hourly];
}

/** The day's alerts, newest first; a failed read says so in the panel and the next snapshot tries again. */
async function refreshAlerts(ctx: ViewContext, panel: HTMLElement, snapshot: LiveReport): Promise<void> {
  const { t, locale } = ctx;
  let answer: AlertList;
  try {
    answer = await apiGet(ctx.token, "/api/alerts", { since: `${snapshot.date}T00:00` }, alertListSchema);
  } catch (err) {
    if (!ctx.signal.aborted) panel.replaceChildren(h("h3", {}, t("alertLog")), errorBox(t("errorPrefix") + (err instanceof Error ? err.message : String(err))));
    return;
  }
  if (ctx.signal.aborted) return;
  const names = new Map(ctx.register.sites.map((s) => [s.site_id, locale === "zh" ? s.name_zh : s.name_en]));
  const rows = answer.alerts
    .filter((a) => a.local_date === snapshot.date)
    .sort((a, b) => (a.occurred_at < b.occurred_at ? 1 : -1))
    .map((a) =>
      h(
        "li",
        { class: `alert level-${a.level}`, "data-alert": a.alert_id, "data-level": a.level },
        h("time", {}, formatLocalTime(a.occurred_at)),
        ` ${names.get(a.site_id) ?? a.site_id} · ${t(a.measure === "instant" ? "occupancy" : "entries")} · ${t(levelWords[a.level])} · ${formatCount(a.figure)} / ${formatCount(a.capacity)}`,
        a.late ? t("alertLate") : "",
        a.acknowledged_at ? ` · ${t("alertAcknowledged")}` : "",
      ),
    );
  panel.replaceChildren(h("h3", {}, t("alertLog")), rows.length > 0 ? h("ul", { class: "alert-log" }, ...rows) : h("p", { class: "note" }, t("noAlerts")));
}
