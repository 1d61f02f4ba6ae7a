import type { Level } from "../../../../ingest/live/capacity.ts";
import { levelOf } from "../charts/live.ts";
import type { ViewContext } from "../context.ts";
import { h } from "../dom.ts";
import { type SiteStanding, type Standing, dutyOrder, standingCounts } from "../duty-board.ts";
import { formatCount, formatLocalTime } from "../format.ts";
import { shareText } from "../../../present/format.ts";
import type { MessageKey } from "../i18n.ts";
import type { SiteLive } from "../schemas.ts";

export const levelWords: Record<Level, MessageKey> = { normal: "levelNormal", warning: "levelWarning", full: "levelFull" };
/** A share bar reaches its end at 120 %: past full still shows as more than full. */
const barPercent = 120;

/**
 * The sites as a duty officer reads them: a summary line (how many full, warning, stale), the sites
 * needing attention as tiles, fullest first, and the quiet normal ones in one group that opens on
 * demand (closed on a phone at first; kept as the reader left it while snapshots arrive).
 */
export function siteBoard(ctx: ViewContext): { summary: HTMLElement; attention: HTMLElement; quiet: HTMLElement; show(sites: readonly SiteLive[]): void } {
  const { t } = ctx;
  const summary = h("p", { class: "duty-summary", "data-summary": "" });
  const attention = h("div", { class: "tiles", "data-tiles": "attention" });
  const quietLabel = h("summary", {});
  const quietTiles = h("div", { class: "tiles" });
  const quiet = h("details", { class: "quiet-sites", "data-group": "normal", open: !matchMedia("(max-width: 600px)").matches }, quietLabel, quietTiles);
  const show = (sites: readonly SiteLive[]) => {
    const ordered = dutyOrder(sites);
    const counts = standingCounts(ordered);
    summary.replaceChildren(...summaryParts(ctx, counts));
    attention.replaceChildren(...ordered.filter((s) => s.standing !== "normal").map((s) => siteTile(ctx, s)));
    quietLabel.textContent = t("quietSites", { n: counts.normal });
    quietTiles.replaceChildren(...ordered.filter((s) => s.standing === "normal").map((s) => siteTile(ctx, s)));
    quiet.hidden = counts.normal === 0;
  };
  return { summary, attention, quiet, show };
}

function summaryParts({ t }: ViewContext, counts: Record<Standing, number>): HTMLElement[] {
  const part = (standing: Exclude<Standing, "normal">, key: MessageKey) =>
    h("span", { class: `count standing-${standing}${counts[standing] > 0 ? " some" : ""}`, "data-count": standing }, t(key, { n: counts[standing] }));
  return [part("full", "countFull"), part("warning", "countWarning"), part("stale", "countStale")];
}

function siteTile(ctx: ViewContext, { site, level, standing }: SiteStanding): HTMLElement {
  const { t, locale } = ctx;
  const name = locale === "zh" ? site.name_zh : site.name_en;
  const daily = levelOf(site.entries, site.capacity_daily);
  const fill = h("span", { class: "fill" });
  // Through the CSSOM: the page's CSP refuses style attributes.
  fill.style.width = `${(Math.min(site.occupancy_pct ?? 0, barPercent) / barPercent) * 100}%`;
  const note =
    site.stale || !site.latest_event_at
      ? h("p", { class: "tile-note" }, site.latest_event_at ? t("staleSince", { time: formatLocalTime(site.latest_event_at) }) : t("noEventsYet"))
      : null;
  return h(
    "article",
    {
      class: `tile level-${level}${site.stale ? " stale" : ""}`,
      "data-site": site.site_id,
      "data-level": level,
      "data-standing": standing,
      "data-stale": site.stale ? "true" : "false",
    },
    h("div", { class: "tile-head" }, h("h3", {}, name), h("p", { class: "level-badge" }, site.stale ? t("stale") : t(levelWords[level]))),
    h(
      "div",
      { class: "share", "data-figure": "share" },
      h("span", { class: "share-bar", "aria-hidden": "true" }, fill),
      h(
        "span",
        { class: "share-pct" },
        h("span", { class: "visually-hidden" }, `${t("occupancy")} `),
        site.occupancy_pct === null ? "—" : shareText(site.occupancy_pct),
      ),
    ),
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
    note,
  );
}
