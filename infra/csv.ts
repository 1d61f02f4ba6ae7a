/** The one CSV writer: CLI, API and dashboard downloads. */
export type CsvCell = string | number | boolean | null | undefined;

/** The byte-order mark that makes Excel read the Chinese labels as UTF-8. */
export const utf8Bom = "\uFEFF";

/** A cell a spreadsheet could read as a formula is kept as text; plain numbers ("-0.05", "+47.0") are not formulas. */
const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?\d+(\.\d+)?$/;

/** Text a spreadsheet would read as a formula, prefixed with ' so that it stays text (CSV and xlsx alike). */
export function neutraliseFormula(text: string): string {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = typeof cell === "boolean" ? String(cell) : neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 text (CRLF line ends) from a header and rows; numbers stay unformatted for spreadsheets.
 * Every CSV starts with the byte-order mark, here once for the CLI and the dashboard alike.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `${utf8Bom}${[header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
