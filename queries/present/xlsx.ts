import type ExcelJS from "exceljs";
import { neutraliseFormula } from "../../infra/csv.ts";
import { type Cell, type Column, noData, type Tabular, withheld } from "./tabular.ts";

/** One worksheet: a report table, with lines shown above it (a bulletin's text). */
export interface XlsxSheet {
  name: string;
  view: Tabular;
  lead?: string[];
}

export const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Number formats by the report columns' naming: `*_pct` percentages (written as fractions with a %
 * format), `*_cny` yuan with two decimals, other numbers whole or to one decimal.
 */
const percentFormat = "+0.0%;-0.0%;0.0%";
const yuanFormat = "#,##0.00";

function isPercent(column: Column): boolean {
  return column.key.endsWith("_pct");
}

function isYuan(column: Column): boolean {
  return column.key.endsWith("_cny");
}

/**
 * The value written and its number format; text the views hold for numbers ("+14.8", "330.25")
 * becomes a number. A withheld or no-data figure is empty (never 0) but keeps a format: Excel drops unstyled empty cells, and
 * their notes with them.
 */
function xlsxValue(column: Column, cell: Cell | undefined): { value: ExcelJS.CellValue; format?: string } {
  if (cell === withheld || cell === noData) return { value: null, format: isPercent(column) ? percentFormat : isYuan(column) ? yuanFormat : "#,##0" };
  if (cell === null || cell === undefined) return { value: null };
  if (isPercent(column)) return { value: Number(cell) / 100, format: percentFormat };
  if (isYuan(column)) return { value: Number(cell), format: yuanFormat };
  if (typeof cell === "number") return { value: cell, format: Number.isInteger(cell) ? "#,##0" : "#,##0.0" };
  if (typeof cell === "boolean") return { value: cell };
  return { value: neutraliseFormula(String(cell)) };
}

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);

function addSheet(book: ExcelJS.Workbook, sheet: XlsxSheet, generatedAt: string): void {
  const ws = book.addWorksheet(sheetName(sheet.name));
  const { view } = sheet;
  const columns = view.columns.filter((c) => !c.csvOnly);
  ws.addRow([neutraliseFormula(view.title)]).font = { bold: true, size: 13 };
  ws.addRow([`生成时间 Generated ${generatedAt}`]);
  for (const line of sheet.lead ?? []) ws.addRow([neutraliseFormula(line)]);
  ws.addRow([]);
  ws.addRow(columns.map((c) => c.zh)).font = { bold: true };
  ws.addRow(columns.map((c) => c.en)).font = { italic: true };
  const headerEnd = ws.rowCount;
  for (const record of view.rows) {
    const row = ws.addRow([]);
    columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      const { value, format } = xlsxValue(column, record[column.key]);
      cell.value = value;
      if (format) cell.numFmt = format;
      if (record[column.key] === withheld) cell.note = "不公开 withheld (disclosure rule)";
      if (record[column.key] === noData) cell.note = "无数据 no data (no events on any day of the period; not 0)";
    });
  }
  if (view.notes.length > 0) ws.addRow([]);
  for (const note of view.notes) ws.addRow([neutraliseFormula(note)]);
  ws.views = [{ state: "frozen", ySplit: headerEnd, xSplit: 0 }];
  columns.forEach((column, i) => {
    ws.getColumn(i + 1).width = Math.max(10, column.en.length + 2, column.zh.length * 2 + 2);
  });
}

/** A report's tables as sheets: one takes the report's name, several are numbered after it. */
export function xlsxSheets(name: string, views: readonly Tabular[]): XlsxSheet[] {
  return views.map((view, i) => ({ name: views.length === 1 ? name : `${name} ${i + 1}`, view }));
}

/** A workbook with a sheet per table: title and generation time on top, a frozen two-line header, real numbers. */
export async function toXlsx(sheets: readonly XlsxSheet[], generatedAt: string): Promise<Buffer> {
  // Loaded only when a spreadsheet is asked for: it is the largest module every command would otherwise load.
  const { default: excel } = await import("exceljs");
  const book = new excel.Workbook();
  book.created = new Date(generatedAt);
  for (const sheet of sheets) addSheet(book, sheet, generatedAt);
  return Buffer.from(await book.xlsx.writeBuffer());
}
