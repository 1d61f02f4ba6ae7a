import type { Warehouse } from "../../infra/warehouse/port.ts";
import { eachDate } from "../calendar/dates.ts";
import type { Festival } from "../calendar/festivals.ts";
import type { HolidayCalendar } from "../calendar/holidays.ts";
import type { Register } from "../register/register.ts";

export const referenceTables = ["towns", "operators", "sites", "calendar_days", "holiday_periods", "festivals"] as const;
export type ReferenceTable = (typeof referenceTables)[number];

/** Rows for each reference table (002 + 003), built from the data files; pure. */
export function referenceRows(
  register: Register,
  festivals: readonly Festival[],
  calendar: HolidayCalendar,
): Record<ReferenceTable, Record<string, unknown>[]> {
  return {
    towns: register.towns.map(({ town_id, name_zh, name_en, district }) => ({ town_id, name_zh, name_en, district })),
    operators: register.operators.map(({ operator_id, name_zh, name_en, kind }) => ({ operator_id, name_zh, name_en, kind })),
    sites: register.sites.map(({ site_id, town_id, operator_id, name_zh, name_en, kind, gates }) => ({
      site_id,
      town_id,
      operator_id,
      name_zh,
      name_en,
      kind,
      gates,
    })),
    calendar_days: eachDate(`${calendar.firstYear}-01-01`, `${calendar.lastYear}-12-31`).map((date) => {
      const day = calendar.classify(date);
      return { date, day_kind: day.kind, holiday_keys: day.holidays, holiday_name: calendar.periodOn(date)?.name_zh ?? "" };
    }),
    // One row per key, so that a merged Mid-Autumn/National Day period answers to either key in SQL.
    holiday_periods: calendar.periods.flatMap((period) =>
      period.keys.map((key) => ({
        holiday_key: key,
        year: period.year,
        name_zh: period.name_zh,
        start_date: period.start,
        end_date: period.end,
        days: period.days,
      })),
    ),
    festivals: festivals.flatMap((festival) =>
      festival.editions.map((edition) => ({
        festival_id: festival.festival_id,
        year: edition.year,
        name_zh: festival.name_zh,
        name_en: festival.name_en,
        start_date: edition.start,
        end_date: edition.end,
        site_ids: festival.site_ids,
      })),
    ),
  };
}

/**
 * Replaces every reference table with the data files' content. Cheap (a few thousand rows), so
 * `tourism migrate` runs it every time; readers may briefly see empty tables while it runs.
 */
export async function loadReferenceData(
  warehouse: Warehouse,
  register: Register,
  festivals: readonly Festival[],
  calendar: HolidayCalendar,
): Promise<{ table: ReferenceTable; rows: number }[]> {
  const rows = referenceRows(register, festivals, calendar);
  const loaded: { table: ReferenceTable; rows: number }[] = [];
  for (const table of referenceTables) {
    await warehouse.exec(`TRUNCATE TABLE ${table}`);
    await warehouse.insert(table, rows[table]);
    loaded.push({ table, rows: rows[table].length });
  }
  return loaded;
}
