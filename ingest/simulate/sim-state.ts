import type { HolidayCalendar } from "../../transforms/calendar/holidays.ts";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { isIsoDate } from "../../transforms/calendar/dates.ts";
import { holidayKeys } from "../../transforms/calendar/holidays.ts";
import { type DemoHoliday, type PretendDay, comparedDays, pretendDay } from "./demo-holiday.ts";
import { scenarioNames } from "./default-scenario.ts";

/**
 * What `tourism start` simulated into a data directory: the scenario and seed, whether the
 * history fill finished, and the first day of the live stream. Days before `live_from` hold daily
 * detail, days from it (and the days the live day is compared with) intraday detail; the same day is never generated both ways.
 */
const stateSchema = z.object({
  scenario: z.enum(scenarioNames),
  seed: z.number().int().min(0),
  live_from: z.string().refine(isIsoDate, "expected a date YYYY-MM-DD"),
  filled: z.boolean(),
  /** `--demo-holiday`: the live day pretends to be this holiday day. */
  demo: z.object({ holiday: z.enum(holidayKeys), day: z.number().int().min(1) }).optional(),
});

export type SimulationState = z.infer<typeof stateSchema>;

export const statePath = (dataDir: string) => join(dataDir, "simulation.json");

export async function readState(dataDir: string): Promise<SimulationState | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(dataDir), "utf8");
  } catch {
    return undefined;
  }
  const parsed = stateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${statePath(dataDir)}: ${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

export async function writeState(dataDir: string, state: SimulationState): Promise<void> {
  await writeFile(statePath(dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

/** What a data directory's live day is: the holiday day it pretends to be (a demo), and the days cut in intraday detail before it. */
export interface LiveDay {
  pretend?: PretendDay;
  intraday: string[];
}

/**
 * The live day of a data directory (none: not the simulator's), given `tourism start`'s `--demo-holiday` (if any). A demo is
 * fixed when the directory is first filled: its live day cannot become another day's demo later,
 * since today's events would then be made twice, two different ways.
 */
export function liveDay(
  state: SimulationState | undefined,
  flag: DemoHoliday | undefined,
  calendar: HolidayCalendar,
): { ok: true; live: LiveDay } | { ok: false; reason: string } {
  if (!state)
    return flag ? { ok: false, reason: "--demo-holiday: the warehouse holds events the simulator did not make" } : { ok: true, live: { intraday: [] } };
  if (flag && (state.demo?.holiday !== flag.holiday || state.demo.day !== flag.day)) {
    return {
      ok: false,
      reason: `--demo-holiday: this data directory's live day ${state.live_from} was started ${state.demo ? `as ${state.demo.holiday}:${state.demo.day}` : "without it"}; use an empty TOURISM_DATA_DIR`,
    };
  }
  if (!state.demo) return { ok: true, live: { intraday: comparedDays(state.live_from, calendar) } };
  const pretended = pretendDay(state.demo, state.live_from, calendar);
  if (!pretended.ok) return pretended;
  return { ok: true, live: { pretend: pretended.pretend, intraday: comparedDays(state.live_from, calendar, pretended.pretend) } };
}
