import { type CsvCell, toCsv } from "../../infra/csv.ts";
import { renderTable as renderTextTable } from "../../infra/text-table.ts";

/** A report laid out as one flat table: the CLI prints it as text (Chinese and English labels) or CSV. */
export type Cell = string | number | boolean | null | typeof withheld | typeof noData;

/** A figure the disclosure rule withholds: a marker in the table, an empty field in CSV (never 0). */
export const withheld = { withheld: true } as const;
/** A figure of a period without any data: a marker in the table, an empty field in CSV (never 0). */
export const noData = { noData: true } as const;

export interface Column {
  key: string;
  zh: string;
  en: string;
  /** Only in CSV (e.g. revenue_withheld, which the table shows as a marker in the figure itself). */
  csvOnly?: boolean;
}

export interface Tabular {
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** Lines printed under the table: comparability, missing data, withheld revenue. */
  notes: string[];
}

/** A cell as text: markers in words, never an empty figure. */
export const cellText = (cell: Cell | undefined): string =>
  cell === null || cell === undefined
    ? "—"
    : cell === withheld
      ? "不公开 withheld"
      : cell === noData
        ? "无数据 no data"
        : typeof cell === "boolean"
          ? cell
            ? "yes"
            : "NO"
          : String(cell);

/** The title, the table with Chinese and English header lines, and the notes under it. */
export function renderTable(view: Tabular): string {
  const columns = view.columns.filter((c) => !c.csvOnly);
  const table = renderTextTable({
    headers: [columns.map((c) => c.zh), columns.map((c) => c.en)],
    rows: view.rows.map((row) => columns.map((c) => cellText(row[c.key]))),
    rightAligned: columns.map((c) => view.rows.some((r) => typeof r[c.key] === "number")),
  });
  return `${[view.title, "", table.trimEnd(), ...(view.notes.length > 0 ? ["", ...view.notes] : [])].join("\n")}\n`;
}

/** A withheld or no-data figure is an empty field in CSV, like a missing one. */
const csvCell = (cell: Cell | undefined): CsvCell => (typeof cell === "object" && cell !== null ? null : cell);

/** CSV with the column keys as header; empty fields for nulls and withheld figures. */
export function renderCsv(view: Tabular): string {
  return toCsv(
    view.columns.map((c) => c.key),
    view.rows.map((row) => view.columns.map((c) => csvCell(row[c.key]))),
  );
}

const markdownCell = (cell: Cell | undefined): string => cellText(cell).replace(/\|/g, "\\|");

/** A Markdown table with Chinese / English headers, and the notes under it. */
export function renderMarkdown(view: Tabular): string {
  const lines = [
    `| ${view.columns.map((c) => `${c.zh} ${c.en}`).join(" | ")} |`,
    `| ${view.columns.map(() => "---").join(" | ")} |`,
    ...view.rows.map((row) => `| ${view.columns.map((c) => markdownCell(row[c.key])).join(" | ")} |`),
  ];
  return `${[...lines, ...(view.notes.length > 0 ? ["", ...view.notes] : [])].join("\n")}\n`;
}
