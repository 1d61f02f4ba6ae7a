import type { LiveSnapshot } from "../live/live.ts";
import { percentChange } from "../metrics/change.ts";
import { countText, shanghaiTimeText } from "./format.ts";
import { changeWords, column, nameOf, scopeTitle } from "./labels.ts";
import { type Column, type Tabular, type Words, words } from "./tabular.ts";

const columns: Column[] = [
  column("name", "name", "景点", "Site"),
  column("site", "id", "编号", "ID"),
  column("entries", "count", "入园", "Entries"),
  column("exits", "count", "出园", "Exits"),
  column("occupancy", "count", "在园人数", "Occupancy"),
  column("capacity_instant", "count", "瞬时承载量", "Instant capacity"),
  column("occupancy_pct", "percent", "在园占比", "Occupancy share"),
  column("capacity_daily", "count", "日承载量", "Daily capacity"),
  column("entries_pct", "percent", "入园占比", "Entries share"),
  column("latest_event_at", "time", "最新数据", "Latest event"),
  column("stale", "flag", "数据中断", "Stale"),
];

function lastYearNote(live: LiveSnapshot): Words {
  const last = live.last_year;
  if (last.date === null) return words(`上年同期：无（${last.reason}）`, `Last year: none — ${last.reason}`);
  const [entries, occupancy] = [changeWords(live.change.entries_pct), changeWords(live.change.occupancy_pct)];
  const at = shanghaiTimeText(last.at);
  return words(
    `上年同期 ${at}：入园 ${countText(last.entries, "zh")}，在园 ${countText(last.occupancy, "zh")}；入园同比 ${entries}，在园同比 ${occupancy}`,
    `Last year ${at}: entries ${countText(last.entries, "en")}, occupancy ${countText(last.occupancy, "en")}; change entries ${entries}, occupancy ${occupancy}`,
  );
}

function sitesView(live: LiveSnapshot): Tabular {
  const rows = [
    ...live.sites.map((s) => ({
      name: nameOf(s),
      site: s.site_id,
      entries: s.entries,
      exits: s.exits,
      occupancy: s.occupancy,
      capacity_instant: s.capacity_instant,
      occupancy_pct: s.occupancy_pct,
      capacity_daily: s.capacity_daily,
      entries_pct: s.entries_pct,
      latest_event_at: s.latest_event_at,
      stale: s.stale,
    })),
    {
      name: words("合计", "Total"),
      site: null,
      entries: live.entries,
      exits: live.exits,
      occupancy: live.occupancy,
      capacity_instant: live.capacity_instant,
      occupancy_pct: live.occupancy_pct,
      capacity_daily: live.capacity_daily,
      entries_pct: live.entries_pct,
      latest_event_at: null,
      stale: live.stale_sites.length > 0,
    },
  ];
  const notes = [lastYearNote(live)];
  if (live.stale_sites.length > 0) {
    const stale = live.sites.filter((s) => s.stale);
    notes.push(
      words(
        `数据中断（开放时间内无数据）：${stale.map((s) => s.name_zh).join("、")}`,
        `Stale (silent in opening hours): ${stale.map((s) => s.name_en).join(", ")}`,
      ),
    );
  }
  const [at, title] = [shanghaiTimeText(live.at), scopeTitle(live.scope)];
  return { title: words(`实时 ${at} — ${title.zh}`, `Live ${at} — ${title.en}`), columns, rows, notes };
}

const hourColumns: Column[] = [
  column("hour", "text", "时段", "Hour"),
  column("entries", "count", "入园", "Entries"),
  column("last_year_entries", "count", "上年同期入园", "Entries last year"),
  column("change_pct", "change", "同比", "Change"),
];

/** Entries per local hour so far today against the comparison day's same hours. */
function hourlyView(live: LiveSnapshot): Tabular {
  const last = live.last_year;
  const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;
  const title = scopeTitle(live.scope);
  const upTo = last.date === null ? "" : shanghaiTimeText(last.at).slice(11, 16);
  return {
    title: words(`分时入园 ${live.date} — ${title.zh}`, `Entries by hour ${live.date} — ${title.en}`),
    columns: hourColumns,
    rows: live.hourly.map((h) => ({
      hour: hour(h.hour),
      entries: h.entries,
      last_year_entries: h.last_year_entries,
      change_pct: h.last_year_entries === null ? null : percentChange(h.entries, h.last_year_entries),
    })),
    notes: [
      last.date === null
        ? words(`上年同期：无（${last.reason}）`, `Last year: none — ${last.reason}`)
        : words(`上年同期：${last.date}，每个时段截至 ${upTo}，与今天相同`, `Last year: ${last.date}, each hour up to ${upTo} like today`),
    ],
  };
}

/** The sites' figures now, then today's entries by hour: a table (or sheet) each. */
export function liveView(live: LiveSnapshot): Tabular[] {
  return [sitesView(live), hourlyView(live)];
}
