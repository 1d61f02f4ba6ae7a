import { longestRetryAfterMs, retryAfterMs } from "../../../../infra/http/retry-after.ts";
import { apiPath } from "../api.ts";
import { chartPanel, mountCharts } from "../chart.ts";
import { liveComparisonOption, liveHourlyOption } from "../charts/live.ts";
import type { ViewContext } from "../context.ts";
import { errorBox, h } from "../dom.ts";
import { xlsxButton } from "../download.ts";
import { formatCount, formatLocalTime } from "../format.ts";
import type { Translate } from "../i18n.ts";
import { type LiveReport, liveReportSchema } from "../schemas.ts";
import { sseParser } from "../sse.ts";
import { liveView as liveTables } from "../../../present/live-view.ts";
import { presentPanel } from "../present-table.ts";
import { alertsPanel } from "./live-alerts.ts";
import { siteBoard } from "./live-tiles.ts";

/** Reconnection waits double from 1 s up to 30 s, and start again at 1 s once a snapshot arrives. */
const backoff = { firstMs: 1000, maxMs: 30_000 };

/**
 * 实时 / Live, a duty screen first: how many sites are full, at warning or silent; the day's alerts
 * still to acknowledge; the sites by level, fullest first (quiet ones grouped); then today against
 * the comparison day. Kept current by the /api/live/stream server-sent events until the view is
 * replaced; the parts stay in place between snapshots, so what the reader opened or focused stays.
 */
export function liveView(ctx: ViewContext): HTMLElement {
  const { t } = ctx;
  const status = h("p", { class: "stream-status", role: "status", "data-stream": "connecting" }, t("streamConnecting"));
  const results = h("div", { class: "results", "data-results": "live", "data-state": "loading" }, h("p", { class: "loading" }, t("loading")));
  const root = h("div", { class: "view", "data-view": "live" }, status, results);
  const headline = h("h2", { class: "headline", "data-headline": "" });
  const board = siteBoard(ctx);
  const alerts = alertsPanel(ctx);
  const comparison = h("div", { class: "live-comparison" });

  let shown: LiveReport | null = null;
  /** The server's clock less this one's, from the latest snapshot: "checked" is told on the clock the figures are on. */
  let serverAheadMs = 0;
  // Each snapshot's charts live until the next snapshot replaces them (or the view goes).
  let frame: AbortController | null = null;
  ctx.signal.addEventListener("abort", () => frame?.abort(), { once: true });

  /** The stream said something (a snapshot or its keep-alive): the screen has just checked. */
  const heard = () => {
    if (shown) setStatus(status, "live", liveWords(t, shown, new Date(Date.now() + serverAheadMs).toISOString()));
  };
  const show = (snapshot: LiveReport) => {
    if (!shown) results.replaceChildren(headline, board.summary, alerts.element, board.attention, board.quiet, comparison);
    shown = snapshot;
    serverAheadMs = Date.parse(snapshot.at) - Date.now();
    frame?.abort();
    frame = new AbortController();
    headline.replaceChildren(
      headlineWords(ctx, snapshot),
      // A demo's clock is not the real one: the time shown says so.
      ...(snapshot.demo ? [" ", h("span", { class: "demo-marker", "data-demo": "" }, t(snapshot.demo.ended ? "demoEnded" : "demoMarker"))] : []),
    );
    board.show(snapshot.sites);
    comparison.replaceChildren(...comparisonPanels(ctx, snapshot));
    mountCharts(comparison, frame.signal);
    results.dataset.state = "ready";
    heard();
    void alerts.refresh(snapshot.date);
  };
  const dropped = (waitMs: number, problem: string) => {
    const seconds = Math.round(waitMs / 1000);
    const failed = `${t("errorPrefix")}${problem} · ${t("streamRetrying", { seconds })}`;
    setStatus(status, "dropped", shown ? t("streamDropped", { seconds, time: formatLocalTime(shown.at) }) : failed);
    if (!shown) {
      results.replaceChildren(errorBox(failed));
      results.dataset.state = "error";
    }
  };
  void follow(ctx, { show, heard }, dropped);
  return root;
}

/** When the newest figures are from (the latest event of any site) and when the screen last heard the server, apart. */
function liveWords(t: Translate, snapshot: LiveReport, checkedAt: string): string {
  const newest = snapshot.sites.reduce<string | null>(
    (latest, site) => (site.latest_event_at && (!latest || site.latest_event_at > latest) ? site.latest_event_at : latest),
    null,
  );
  const checked = formatLocalTime(checkedAt);
  return newest ? t("streamLive", { data: formatLocalTime(newest), checked }) : t("streamLiveNoData", { checked });
}

function headlineWords(ctx: ViewContext, snapshot: LiveReport): string {
  return ctx.t("liveHeadline", {
    date: snapshot.date,
    time: formatLocalTime(snapshot.at),
    scope: ctx.locale === "zh" ? snapshot.scope.name_zh : snapshot.scope.name_en,
    occupancy: formatCount(snapshot.occupancy),
    entries: formatCount(snapshot.entries),
  });
}

function setStatus(status: HTMLElement, state: "live" | "dropped", words: string): void {
  status.dataset.stream = state;
  status.textContent = words;
}

/** Reads the stream until the view's lifetime ends, reconnecting with backoff whenever it drops. */
async function follow(ctx: ViewContext, on: Listener, dropped: (waitMs: number, problem: string) => void): Promise<void> {
  let waitMs = backoff.firstMs;
  while (!ctx.signal.aborted) {
    let ended: StreamEnd;
    try {
      ended = await readStream(ctx, {
        show: (snapshot) => {
          waitMs = backoff.firstMs;
          on.show(snapshot);
        },
        heard: on.heard,
      });
    } catch (err) {
      ended = { problem: err instanceof Error ? err.message : String(err) };
    }
    if (ctx.signal.aborted) return;
    // A server at its limit of streams says when to come back; sooner would only be refused again.
    const waitedMs = Math.max(waitMs, Math.min(ended.retryAfterMs ?? 0, longestRetryAfterMs));
    dropped(waitedMs, ended.problem);
    await sleep(waitedMs, ctx.signal);
    waitMs = Math.min(waitMs * 2, backoff.maxMs);
  }
}

interface Listener {
  show: (snapshot: LiveReport) => void;
  /** Anything arrived, a keep-alive comment too: the connection is alive at this moment. */
  heard: () => void;
}

/** Why a connection ended, and how long the server asked to wait before the next (a refusal's Retry-After). */
interface StreamEnd {
  problem: string;
  retryAfterMs?: number;
}

/** One connection: each snapshot to `on.show`, every arrival to `on.heard`; resolves with why it ended. */
async function readStream(ctx: ViewContext, on: Listener): Promise<StreamEnd> {
  const path = "/api/live/stream";
  const response = await fetch(apiPath(path, liveScope(ctx)), {
    headers: { authorization: `Bearer ${ctx.token}`, accept: "text/event-stream" },
    signal: ctx.signal,
  });
  if (!response.ok || !response.body) {
    // A refusal's body names its cause (a token's or the server's limit of streams): shown as it is.
    const refusal = await response.json().then(
      (body: { error?: unknown }) => (typeof body?.error === "string" ? `: ${body.error}` : ""),
      () => "",
    );
    return { problem: `${path}: HTTP ${response.status}${refusal}`, retryAfterMs: retryAfterMs(response.headers.get("retry-after")) };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parse = sseParser();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { problem: `${path}: closed` };
    if (!ctx.signal.aborted) on.heard();
    for (const event of parse(value)) {
      if (event.event === "error") return { problem: `${path}: ${event.data}` };
      if (event.event !== "snapshot") continue;
      const parsed = liveReportSchema.safeParse(JSON.parse(event.data));
      if (!parsed.success) return { problem: `${path}: unexpected answer (${parsed.error.issues[0]?.path.join(".") ?? "invalid"})` };
      if (!ctx.signal.aborted) on.show(parsed.data);
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
