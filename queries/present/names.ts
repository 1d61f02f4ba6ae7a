import { holidayNamesEn, holidayNamesZh } from "../../transforms/calendar/holiday-keys.ts";
import type { Lang } from "./format.ts";

const names: Record<Lang, Record<string, string>> = { zh: holidayNamesZh, en: holidayNamesEn };

/** A holiday's short name, e.g. "清明" / "Qingming"; a merged period joins its names ("中秋·国庆", "Mid-Autumn & National Day"). */
export function holidayName(lang: Lang, keys: readonly string[]): string {
  return keys.map((key) => names[lang][key] ?? key).join(lang === "zh" ? "·" : " & ");
}

/** A holiday's names in both languages, for a name cell or a title; none: an empty cell. */
export function holidayWords(keys: readonly string[]): { zh: string; en: string } | null {
  return keys.length === 0 ? null : { zh: holidayName("zh", keys), en: holidayName("en", keys) };
}
