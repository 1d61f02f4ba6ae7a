import { describe, expect, it } from "vitest";
import { dutyOrder, standingCounts, standingOf, toAcknowledge } from "./duty-board.ts";
import type { AlertAnswer, SiteLive } from "./schemas.ts";

function site(site_id: string, figures: { inside: number; entries?: number; instant?: number | null; daily?: number | null; stale?: boolean }): SiteLive {
  const instant = figures.instant === undefined ? 1000 : figures.instant;
  const daily = figures.daily === undefined ? 10_000 : figures.daily;
  const entries = figures.entries ?? figures.inside;
  const pct = (figure: number, capacity: number | null) => (capacity ? Math.round((figure * 1000) / capacity) / 10 : null);
  return {
    site_id,
    name_zh: site_id,
    name_en: site_id,
    entries,
    exits: entries - figures.inside,
    occupancy: figures.inside,
    capacity_instant: instant,
    capacity_daily: daily,
    occupancy_pct: pct(figures.inside, instant),
    entries_pct: pct(entries, daily),
    latest_event_at: "2026-10-03T06:00:00Z",
    stale: figures.stale ?? false,
    gates: [],
  };
}

function alert(alert_id: string, at: string, local_date: string, acknowledged_at: string | null, late = false): AlertAnswer {
  return {
    alert_id,
    occurred_at: at,
    local_date,
    site_id: "s",
    measure: "instant",
    level: "warning",
    previous_level: "normal",
    crossing: 1,
    figure: 800,
    capacity: 1000,
    late,
    raised_at: at,
    delivery_state: "pending",
    attempts: 0,
    next_attempt_at: null,
    last_error: null,
    acknowledged_by: acknowledged_at ? "联盟办" : "",
    acknowledged_at,
  };
}

describe("the duty screen's order", () => {
  it("lists full, then warning, then stale, then normal sites, the fullest first within each", () => {
    const sites = [
      site("quiet-low", { inside: 100 }),
      site("warning-low", { inside: 810 }),
      site("silent", { inside: 50, stale: true }),
      site("full", { inside: 1200 }),
      site("warning-high", { inside: 950 }),
      site("quiet-high", { inside: 700 }),
      site("silent-full", { inside: 1100, stale: true }),
      site("no-capacity", { inside: 5000, instant: null, daily: null }),
    ];
    expect(dutyOrder(sites).map((s) => s.site.site_id)).toEqual([
      "full",
      "warning-high",
      "warning-low",
      "silent-full",
      "silent",
      "quiet-high",
      "quiet-low",
      "no-capacity",
    ]);
    expect(standingCounts(dutyOrder(sites))).toEqual({ full: 1, warning: 2, stale: 2, normal: 3 });
  });

  it("takes the worse of the two measures: entries past 80 % of the daily capacity warn with few people inside", () => {
    const crowdedDay = standingOf(site("day", { inside: 100, entries: 8500 }));
    expect(crowdedDay.level).toBe("warning");
    expect(crowdedDay.share).toBe(85);
    expect(standingOf(site("inside", { inside: 1000, entries: 8500 })).level).toBe("full");
    expect(standingOf(site("none", { inside: 10, instant: null, daily: null })).share).toBeNull();
  });
});

describe("alerts the duty officer still has to answer", () => {
  it("are the day's unacknowledged ones that are news, newest first", () => {
    const alerts = [
      alert("early", "2026-10-03T03:00:00Z", "2026-10-03", null),
      alert("acknowledged", "2026-10-03T04:00:00Z", "2026-10-03", "2026-10-03T04:05:00Z"),
      alert("yesterday", "2026-10-02T05:00:00Z", "2026-10-02", null),
      alert("arrived-late", "2026-10-03T04:30:00Z", "2026-10-03", null, true),
      alert("newest", "2026-10-03T05:00:00Z", "2026-10-03", null),
    ];
    expect(toAcknowledge(alerts, "2026-10-03").map((a) => a.alert_id)).toEqual(["newest", "early"]);
  });
});
