import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { date } from "../../infra/warehouse/rows.ts";
import { holidayKeys } from "../../transforms/calendar/holiday-keys.ts";
import { type Access, mayReadBulletin, roleName } from "../access/access.ts";
import type { BulletinsParamsInput } from "./params.ts";
import type { ArchivedBulletin, BulletinEntry, BulletinFigures, BulletinLanguage } from "./schemas.ts";

const entryRow = z.object({
  id: z.string(),
  holiday: z.enum(holidayKeys),
  year: z.number(),
  date,
  as_of: z.string(),
  scope: z.string(),
  lang: z.enum(["zh", "en"]),
  generated_at: z.string(),
  generated_by: z.string(),
});
const fullRow = entryRow.extend({ text: z.string(), figures: z.string() });

const entryColumns =
  "id, holiday, year, toString(date) AS date, as_of, scope, lang, formatDateTime(generated_at, '%Y-%m-%dT%H:%i:%S.%fZ') AS generated_at, generated_by";

export function scopeKey(figures: BulletinFigures): string {
  return figures.scope.id === null ? figures.scope.kind : `${figures.scope.kind}:${figures.scope.id}`;
}

/** Files a bulletin as sent; rows are never changed afterwards. */
export async function archiveBulletin(
  warehouse: Warehouse,
  access: Access,
  figures: BulletinFigures,
  lang: BulletinLanguage,
  text: string,
  now: DateTime = DateTime.now(),
): Promise<ArchivedBulletin> {
  const entry: ArchivedBulletin = {
    id: randomUUID(),
    holiday: figures.holiday,
    year: figures.year,
    date: figures.date,
    as_of: figures.as_of,
    scope: scopeKey(figures),
    lang,
    generated_at: now.toUTC().toISO()!,
    generated_by: roleName(access),
    text,
    figures,
  };
  await warehouse.insert("bulletins", [{ ...entry, figures: JSON.stringify(figures), generated_at: now.toUTC().toFormat("yyyy-MM-dd HH:mm:ss.SSS") }]);
  return entry;
}

/** The archive as the caller may read it, newest first. */
export async function listBulletins(warehouse: Warehouse, access: Access, filter: BulletinsParamsInput): Promise<BulletinEntry[]> {
  const rows = await warehouse.query(
    `SELECT ${entryColumns} FROM bulletins
     WHERE ({holiday:String} = '' OR holiday = {holiday:String}) AND ({year:UInt16} = 0 OR year = {year:UInt16})
     ORDER BY generated_at DESC, id`,
    { holiday: filter.holiday ?? "", year: filter.year ?? 0 },
    entryRow,
  );
  return rows.filter((row) => mayReadBulletin(access, row.generated_by));
}

/** One archived bulletin; null when there is none with this id that the caller may read (the same answer). */
export async function showBulletin(warehouse: Warehouse, access: Access, id: string): Promise<ArchivedBulletin | null> {
  const rows = await warehouse.query(`SELECT ${entryColumns}, text, figures FROM bulletins WHERE id = {id:String} LIMIT 1`, { id }, fullRow);
  const row = rows[0];
  if (!row || !mayReadBulletin(access, row.generated_by)) return null;
  return { ...row, figures: JSON.parse(row.figures) as BulletinFigures };
}
