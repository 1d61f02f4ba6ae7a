import { toCsv } from "../../../infra/csv.ts";
import { renderTable as renderTextTable } from "../../../infra/text-table.ts";

/** A report laid out as one flat table: the CLI prints it as text (Chinese and English labels) or CSV. */
export type Cell = string | number | boolean | null;

export interface Column {
  key: string;
  zh: string;
  en: string;
}

export interface Tabular {
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** Lines printed under the table: comparability, missing data, withheld revenue. */
  notes: string[];
}

const cellText = (cell: Cell | undefined): string => (cell === null || cell === undefined ? "—" : typeof cell === "boolean" ? (cell ? "yes" : "NO") : String(cell));

/** The title, the table with Chinese and English header lines, and the notes under it. */
export function renderTable(view: Tabular): string {
  const table = renderTextTable({
    headers: [view.columns.map((c) => c.zh), view.columns.map((c) => c.en)],
    rows: view.rows.map((row) => view.columns.map((c) => cellText(row[c.key]))),
    rightAligned: view.columns.map((c) => view.rows.some((r) => typeof r[c.key] === "number")),
  });
  return [view.title, "", table.trimEnd(), ...(view.notes.length > 0 ? ["", ...view.notes] : [])].join("\n") + "\n";
}

/** CSV with the column keys as header; empty fields for nulls. */
export function renderCsv(view: Tabular): string {
  return toCsv(
    view.columns.map((c) => c.key),
    view.rows.map((row) => view.columns.map((c) => row[c.key])),
  );
}
