import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { isIsoDate } from "../../transforms/calendar/dates.ts";
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
