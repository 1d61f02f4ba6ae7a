import type ExcelJS from "exceljs";
import { neutraliseFormula } from "../../infra/csv.ts";
import { type Cell, type Column, type MoneyUnit, type Tabular, type Words, csvValue, fileHeader, moneyIn, moneyUnit, noData, withheld } from "./tabular.ts";
import { type Lang, shanghaiTime, wholePeople } from "../present/format.ts";

/** One worksheet: a report table, with lines shown above it (a bulletin's text). */
export interface XlsxSheet {
  name: string;
  view: Tabular;
  lead?: string[];
}

export const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const formats = {
  count: "#,##0",
  money: "#,##0.00",
  change: "+0.0%;-0.0%;0.0%",
  percent: "0.0%",
  date: "yyyy-mm-dd",
} as const;

const numberFormat = (column: Column): string | undefined => {
  switch (column.kind) {
    case "count":
    case "average":
      return formats.count;
    case "money":
      return formats.money;
    case "change":
      return formats.change;
    case "percent":
      return formats.percent;
    case "date":
      return formats.date;
    default:
      return undefined;
  }
};

/** A YYYY-MM-DD day as the spreadsheet's date (midnight UTC: Excel dates have no zone). */
const day = (text: string): Date | string => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : text);

/**
 * The value written, by the column's kind: real numbers in the header's unit (percentages as
 * fractions with a % format), real dates, real booleans. A withheld or no-data figure is empty
 * (never 0) but keeps its format: Excel drops unstyled empty cells, and their notes with them.
 */
function xlsxValue(column: Column, cell: Cell | undefined, lang: Lang, unit: MoneyUnit): ExcelJS.CellValue {
  if (cell === null || cell === undefined || cell === withheld || cell === noData) return null;
  if (typeof cell === "boolean") return cell;
  if (typeof cell === "number") {
    switch (column.kind) {
      case "average":
        return wholePeople(cell);
      case "money":
        return moneyIn(cell, unit);
      case "change":
      case "percent":
        return cell / 100;
      default:
        return cell;
    }
  }
  if (typeof cell === "string" && column.kind === "date") return day(cell);
  if (typeof cell === "string" && column.kind === "time") return shanghaiTime(cell);
  return neutraliseFormula(String(csvValue(column, cell, lang, unit)));
}

const cellNotes: Record<"withheld" | "noData", Words> = {
  withheld: { zh: "不公开（统计披露规则）", en: "withheld (disclosure rule)" },
  noData: { zh: "无数据（该期间每天都没有事件，不是 0）", en: "no data (no events on any day of the period; not 0)" },
};

const generated: Words = { zh: "生成时间", en: "Generated" };

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);

/** Excel refuses two sheets of one name, case aside: a name that repeats another once cut (long site ids) ends in its sheet's number. */
function uniqueSheetName(name: string, used: Set<string>, n: number): string {
  const cut = sheetName(name);
  const tail = ` ${n}`;
  const chosen = used.has(cut.toLowerCase()) ? `${cut.slice(0, 31 - tail.length)}${tail}` : cut;
  used.add(chosen.toLowerCase());
  return chosen;
}

function addSheet(book: ExcelJS.Workbook, name: string, sheet: XlsxSheet, generatedAt: string, lang: Lang): void {
  const ws = book.addWorksheet(name);
  const { view } = sheet;
  const units = view.columns.map((c) => moneyUnit(c, view.rows, lang));
  ws.addRow([neutraliseFormula(view.title[lang])]).font = { bold: true, size: 13 };
  ws.addRow([`${generated[lang]} ${shanghaiTime(generatedAt)}`]);
  for (const line of sheet.lead ?? []) ws.addRow([neutraliseFormula(line)]);
  ws.addRow([]);
  ws.addRow(view.columns.map((c, i) => fileHeader(c, lang, units[i]!))).font = { bold: true };
  const headerEnd = ws.rowCount;
  for (const record of view.rows) {
    const row = ws.addRow([]);
    view.columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      cell.value = xlsxValue(column, record[column.key], lang, units[i]!);
      const format = numberFormat(column);
      if (format) cell.numFmt = format;
      if (record[column.key] === withheld) cell.note = cellNotes.withheld[lang];
      if (record[column.key] === noData) cell.note = cellNotes.noData[lang];
    });
  }
  if (view.notes.length > 0) ws.addRow([]);
  for (const note of view.notes) ws.addRow([neutraliseFormula(note[lang])]);
  ws.views = [{ state: "frozen", ySplit: headerEnd, xSplit: 0 }];
  view.columns.forEach((column, i) => {
    const header = fileHeader(column, lang, units[i]!);
    ws.getColumn(i + 1).width = Math.max(12, lang === "zh" ? header.length * 2 + 2 : header.length + 2);
  });
}

/** A report's tables as sheets: one takes the report's name, several their own sheet names or are numbered after it. */
export function xlsxSheets(name: string, views: readonly Tabular[]): XlsxSheet[] {
  return views.map((view, i) => ({ name: views.length === 1 ? name : (view.sheet ?? `${name} ${i + 1}`), view }));
}

/** A workbook with a sheet per table: title and generation time on top, a frozen header in the reader's language, real numbers and dates. */
export async function toXlsx(sheets: readonly XlsxSheet[], generatedAt: string, lang: Lang = "zh"): Promise<Buffer> {
  // Loaded only when a spreadsheet is asked for: it is the largest module every command would otherwise load.
  const { default: excel } = await import("exceljs");
  const book = new excel.Workbook();
  book.created = new Date(generatedAt);
  const used = new Set<string>();
  for (const [i, sheet] of sheets.entries()) addSheet(book, uniqueSheetName(sheet.name, used, i + 1), sheet, generatedAt, lang);
  return Buffer.from(await book.xlsx.writeBuffer());
}
