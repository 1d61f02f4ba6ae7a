import { describe, expect, it } from "vitest";
import { createLogger } from "../../infra/logger.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { capacityOn, loadRegister } from "../../transforms/register/register.ts";
import { type Crossing, type RunningFootfall, crossingsOf } from "../alerts/crossings.ts";
import type { FootfallEvent } from "../contracts/events.ts";
import { buildScenario } from "./default-scenario.ts";
import { demoClock, demoEndMinute, demoHolidayArg, demoStartMinute, pretendDay } from "./demo-holiday.ts";
import { localMidnight } from "./generate.ts";
import { startLiveStream } from "./live-stream.ts";
import type { SimMessage } from "./messages.ts";

const calendar = await loadHolidayCalendar();
const register = await loadRegister();
const scenario = buildScenario("default", register.sites, await loadFestivals(), calendar, 1);
const minute = 60_000;

/** A demo's whole day through the live stream, its clock fast-forwarded: every message the stream delivers. */
async function demoDay(flag: string, today: string): Promise<{ messages: SimMessage[]; start: number }> {
  const pretended = pretendDay(demoHolidayArg(flag), today, calendar);
  if (!pretended.ok) throw new Error(pretended.reason);
  let real = Date.parse("2026-11-27T20:00:00+08:00");
  // Each reading of the clock moves it on half a minute: the demo day passes in a few hundred ticks.
  const clock = demoClock({
    demo: demoHolidayArg(flag),
    pretend: pretended.pretend,
    endMinute: demoEndMinute(register.sites),
    realNow: () => (real += minute / 2),
  });
  const start = clock().toMillis() - minute / 2;
  const messages: SimMessage[] = [];
  const stream = startLiveStream({
    scenario,
    seed: 1,
    from: localMidnight(today),
    pretend: pretended.pretend,
    everyMs: 0,
    clock,
    deliver: async (batch) => void messages.push(...batch),
    log: createLogger("silent"),
  });
  await stream.ended;
  await stream.stop();
  return { messages, start };
}

/** Each site's changes of capacity level over the day, walked as the alert evaluator walks them. */
function crossingsBySite(messages: readonly SimMessage[], today: string): Map<string, Crossing[]> {
  const counts = messages.filter((m) => m.kind === "footfall").map((m) => JSON.parse(m.text) as FootfallEvent);
  const result = new Map<string, Crossing[]>();
  for (const site of register.sites) {
    const capacity = capacityOn(site, today)!;
    const series: RunningFootfall[] = [];
    const own = counts.filter((e) => e.site_id === site.site_id).sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at));
    let entries = 0;
    let exits = 0;
    for (const e of own) {
      if (e.direction === "in") entries += e.count;
      else exits += e.count;
      const atMs = Date.parse(e.occurred_at);
      if (series.at(-1)?.atMs === atMs) series.pop();
      series.push({ atMs, entries, exits });
    }
    result.set(site.site_id, crossingsOf(series, capacity).crossings);
  }
  return result;
}

describe("a demo holiday day's crowd, against the sample register's capacities", () => {
  it.each([
    ["qingming:1", "2026-11-27"],
    ["qingming:1", "2026-12-05"],
    ["national_day:3", "2026-11-27"],
    ["national_day:3", "2026-12-05"],
  ])(
    "%s on %s: nothing at the warning line at the start; one or two sites cross within 20 minutes, one is full within 40; the rest stay normal",
    async (flag, today) => {
      const { messages, start } = await demoDay(flag, today);
      expect(start).toBe(localMidnight(today) + demoStartMinute * minute);
      const bySite = crossingsBySite(messages, today);
      const crossed = [...bySite].filter(([, crossings]) => crossings.length > 0);
      const firstWarning = (crossings: Crossing[]) => crossings.find((c) => c.level === "warning")!.atMs;

      expect(crossed.flatMap(([, crossings]) => crossings).filter((c) => c.atMs <= start)).toEqual([]);
      expect(crossed.length).toBeGreaterThanOrEqual(1);
      expect(crossed.length).toBeLessThanOrEqual(2);
      for (const [, crossings] of crossed) {
        expect(firstWarning(crossings) - start).toBeLessThanOrEqual(20 * minute);
      }
      const full = crossed.flatMap(([, crossings]) => crossings.filter((c) => c.level === "full"));
      expect(full.length).toBeGreaterThanOrEqual(1);
      const firstFull = Math.min(...full.map((c) => c.atMs));
      expect(firstFull - start).toBeGreaterThan(20 * minute);
      expect(firstFull - start).toBeLessThanOrEqual(40 * minute);
      // The whole day arrived: every site's last counts are stamped just before it closes.
      expect(Math.max(...messages.map((m) => m.at))).toBe(localMidnight(today) + demoEndMinute(register.sites) * minute - 1000);
    },
  );
});
