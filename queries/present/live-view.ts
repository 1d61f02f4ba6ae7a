import type { LiveSnapshot } from "../live/live.ts";
import { percentChange } from "../metrics/change.ts";
import { formatSiteInstant, formatSiteInstantOrNull } from "./time.ts";
import { pct, scopeTitle } from "./labels.ts";
import type { Column, Tabular } from "./tabular.ts";

/** A share of capacity: unsigned, one decimal. */
const share = (value: number | null) => (value === null ? null : value.toFixed(1));

const columns: Column[] = [
  { key: "site", zh: "景点", en: "site" },
  { key: "entries", zh: "入园", en: "entries" },
  { key: "exits", zh: "出园", en: "exits" },
  { key: "occupancy", zh: "在园人数", en: "occupancy" },
  { key: "capacity_instant", zh: "瞬时承载量", en: "instant capacity" },
  { key: "occupancy_pct", zh: "在园占比%", en: "occupancy %" },
  { key: "capacity_daily", zh: "日承载量", en: "daily capacity" },
  { key: "entries_pct", zh: "入园占比%", en: "entries %" },
  { key: "latest_event_at", zh: "最新数据", en: "latest event" },
  { key: "stale", zh: "数据中断", en: "stale" },
];

function sitesView(live: LiveSnapshot): Tabular {
  const rows = [
    ...live.sites.map((s) => ({
      site: s.site_id,
      entries: s.entries,
      exits: s.exits,
      occupancy: s.occupancy,
      capacity_instant: s.capacity_instant,
      occupancy_pct: share(s.occupancy_pct),
      capacity_daily: s.capacity_daily,
      entries_pct: share(s.entries_pct),
      latest_event_at: formatSiteInstantOrNull(s.latest_event_at),
      stale: s.stale,
    })),
    {
      site: "合计 total",
      entries: live.entries,
      exits: live.exits,
      occupancy: live.occupancy,
      capacity_instant: live.capacity_instant,
      occupancy_pct: share(live.occupancy_pct),
      capacity_daily: live.capacity_daily,
      entries_pct: share(live.entries_pct),
      latest_event_at: null,
      stale: live.stale_sites.length > 0,
    },
  ];
  const last = live.last_year;
  const notes = [
    last.date === null
      ? `上年同期 Last year: none — ${last.reason}`
      : `上年同期 Last year ${formatSiteInstant(last.at)}: entries ${last.entries}, occupancy ${last.occupancy}; change entries ${pct(live.change.entries_pct) ?? "—"} %, occupancy ${pct(live.change.occupancy_pct) ?? "—"} %`,
  ];
  if (live.stale_sites.length > 0) notes.push(`数据中断 Stale (silent in opening hours): ${live.stale_sites.join(", ")}`);
  return { title: `实时 Live ${formatSiteInstant(live.at)} — ${scopeTitle(live.scope)}`, columns, rows, notes };
}

const hourColumns: Column[] = [
  { key: "hour", zh: "时段", en: "hour" },
  { key: "entries", zh: "入园", en: "entries" },
  { key: "last_year_entries", zh: "上年同期入园", en: "last year entries" },
  { key: "change_pct", zh: "同比%", en: "change %" },
];

/** Entries per local hour so far today against the comparison day's same hours. */
function hourlyView(live: LiveSnapshot): Tabular {
  const last = live.last_year;
  const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;
  return {
    title: `分时入园 Entries by hour ${live.date} — ${scopeTitle(live.scope)}`,
    columns: hourColumns,
    rows: live.hourly.map((h) => ({
      hour: hour(h.hour),
      entries: h.entries,
      last_year_entries: h.last_year_entries,
      change_pct: h.last_year_entries === null ? null : pct(percentChange(h.entries, h.last_year_entries)),
    })),
    notes: [
      last.date === null
        ? `上年同期 Last year: none — ${last.reason}`
        : `上年同期 Last year: ${last.date}, each hour up to ${last.at.slice(11, 16)} like today`,
    ],
  };
}

/** The sites' figures now, then today's entries by hour: a table (or sheet) each. */
export function liveView(live: LiveSnapshot): Tabular[] {
  return [sitesView(live), hourlyView(live)];
}
