import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DataFileError, readDataFile } from "../data-file.ts";
import type { Register } from "../register/register.ts";
import { daysBetween, isIsoDate } from "./dates.ts";

/** An alliance-defined event (e.g. 赏花节) held at some sites, with one date range per year. */
export interface Festival {
  festival_id: string;
  name_zh: string;
  name_en: string;
  site_ids: string[];
  editions: { year: number; start: string; end: string }[];
}

export interface FestivalEdition {
  start: string;
  end: string;
  days: number;
  site_ids: string[];
}

export const defaultFestivalsPath = fileURLToPath(new URL("./festivals.json", import.meta.url));

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "expected an id of letters, digits, - _ . (at most 64)");
const isoDate = z.string().refine(isIsoDate, "expected a date YYYY-MM-DD");

const editionSchema = z
  .object({ year: z.number().int().min(2000).max(2100), start: isoDate, end: isoDate })
  .refine((e) => e.start <= e.end, { message: "start is after end", path: ["end"] })
  .refine((e) => e.start.startsWith(`${e.year}-`), { message: "start must lie in the edition's year", path: ["start"] });

const festivalSchema = z
  .object({
    festival_id: id,
    name_zh: z.string().trim().min(1),
    name_en: z.string().trim().min(1),
    site_ids: z.array(id).min(1),
    editions: z.array(editionSchema).min(1),
  })
  .superRefine((festival, ctx) => {
    const years = new Set<number>();
    festival.editions.forEach((edition, i) => {
      if (years.has(edition.year)) ctx.addIssue({ code: "custom", path: ["editions", i, "year"], message: `a second edition for ${edition.year}` });
      years.add(edition.year);
    });
  });

export const festivalsFileSchema = z.object({ festivals: z.array(festivalSchema) }).superRefine((file, ctx) => {
  const ids = new Set<string>();
  file.festivals.forEach((festival, i) => {
    if (ids.has(festival.festival_id))
      ctx.addIssue({ code: "custom", path: ["festivals", i, "festival_id"], message: `duplicate id ${JSON.stringify(festival.festival_id)}` });
    ids.add(festival.festival_id);
  });
});

/** Reads and checks the festivals file (config TOURISM_FESTIVALS, else the sample beside this module). */
export async function loadFestivals(path: string = defaultFestivalsPath): Promise<Festival[]> {
  return (await readDataFile(path, festivalsFileSchema, "festivals file")).festivals;
}

/** Festivals name sites; a site the register does not know is an error, named with `label` (the file). */
export function checkFestivalSites(festivals: readonly Festival[], register: Register, label: string): void {
  const sites = new Set(register.sites.map((site) => site.site_id));
  for (const festival of festivals) {
    const unknown = festival.site_ids.find((siteId) => !sites.has(siteId));
    if (unknown) throw new DataFileError(`${label}: festival ${festival.festival_id}: site ${JSON.stringify(unknown)} is not in the register`);
  }
}

export function festivalEdition(festivals: readonly Festival[], festivalId: string, year: number): FestivalEdition | undefined {
  const festival = festivals.find((f) => f.festival_id === festivalId);
  const edition = festival?.editions.find((e) => e.year === year);
  if (!festival || !edition) return undefined;
  return { start: edition.start, end: edition.end, days: daysBetween(edition.start, edition.end), site_ids: [...festival.site_ids] };
}
