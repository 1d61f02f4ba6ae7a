import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { eventKindNames, eventKinds } from "../kinds/registry.ts";

/** One aggregate per kind's raw table, as rows of `x`; table names are the registry's, never input. */
const perTable = (aggregate: string) => eventKindNames.map((kind) => `SELECT ${aggregate} AS x FROM ${eventKinds[kind].table}`).join(" UNION ALL ");

const countRow = z.object({ n: int64 });
const dayRow = z.object({ day: z.string() });

/** How many events of all kinds the warehouse holds. */
export async function storedEventCount(warehouse: Warehouse): Promise<number> {
  const [row] = await warehouse.query(`SELECT sum(x) AS n FROM (${perTable("count()")})`, {}, countRow);
  return row?.n ?? 0;
}

/** The latest local day any stored event happened on; 1970-01-01 when none is stored. */
export async function lastStoredDay(warehouse: Warehouse): Promise<string> {
  const [row] = await warehouse.query(`SELECT toString(max(x)) AS day FROM (${perTable("max(local_date)")})`, {}, dayRow);
  return row?.day ?? "1970-01-01";
}
