/** A report laid out as one flat table: the CLI prints it as text (Chinese and English labels) or CSV. */
export type Cell = string | number | boolean | null | typeof withheld;

/** A figure the disclosure rule withholds: a marker in the table, an empty field in CSV (never 0). */
export const withheld = { withheld: true } as const;

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

const cellText = (cell: Cell | undefined): string =>
  cell === null || cell === undefined ? "—" : cell === withheld ? "不公开 withheld" : typeof cell === "boolean" ? (cell ? "yes" : "NO") : String(cell);

/** Terminal columns a string takes: CJK and full-width characters take two. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

const pad = (text: string, to: number, right: boolean) => {
  const fill = " ".repeat(Math.max(0, to - width(text)));
  return right ? fill + text : text + fill;
};

export function renderTable(view: Tabular): string {
  const columns = view.columns.filter((c) => !c.csvOnly);
  const body = view.rows.map((row) => columns.map((c) => cellText(row[c.key])));
  const widths = columns.map((c, i) => Math.max(width(c.zh), width(c.en), ...body.map((r) => width(r[i]!))));
  const numeric = columns.map((c) => view.rows.some((r) => typeof r[c.key] === "number"));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i]!, numeric[i]!)).join("  ").trimEnd();
  const out = [view.title, "", line(columns.map((c) => c.zh)), line(columns.map((c) => c.en)), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of body) out.push(line(row));
  if (view.notes.length > 0) out.push("", ...view.notes);
  return out.join("\n") + "\n";
}

function csvField(cell: Cell | undefined): string {
  const text = cell === null || cell === undefined || cell === withheld ? "" : String(cell);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with the column keys as header; empty fields for nulls. */
export function renderCsv(view: Tabular): string {
  const lines = [view.columns.map((c) => c.key).join(",")];
  for (const row of view.rows) lines.push(view.columns.map((c) => csvField(row[c.key])).join(","));
  return lines.join("\r\n") + "\r\n";
}
