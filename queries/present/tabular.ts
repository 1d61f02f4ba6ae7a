import { type CsvCell, toCsv } from "../../infra/csv.ts";
import { renderTable as renderTextTable, wrapText } from "../../infra/text-table.ts";
import { type Lang, countText, changeText, flagText, moneyText, shanghaiTime, shanghaiTimeText, shareText, wholePeople } from "./format.ts";

/**
 * A report laid out as labelled tables, once: the CLI (text, CSV), the API (CSV, xlsx) and the
 * dashboard (its tables and their CSV) all render these, so they agree by construction. Pure: the
 * dashboard bundle imports it.
 */

/** Text in both languages: titles, labels, notes, names. */
export interface Words {
  zh: string;
  en: string;
}
export const words = (zh: string, en: string): Words => ({ zh, en });

/**
 * What a column holds, which decides how every renderer shows it:
 * - name: Words (a site, town, operator, holiday); id: its machine id (files keep it, narrow text drops it);
 * - text: a string or Words; date: YYYY-MM-DD; time: an instant (shown in Asia/Shanghai with its offset);
 * - count: whole number; average: visitors per day (shown as whole people); money: integer fen;
 * - change: a signed percent change (47.0 is +47 %); percent: a share in percent; flag: yes/no.
 */
export type Kind = "name" | "id" | "text" | "date" | "time" | "count" | "average" | "money" | "change" | "percent" | "flag";

/** A figure the disclosure rule withholds: a marker on screen, empty in files (never 0). */
export const withheld = { withheld: true } as const;
/** A figure of a period without any data: a marker on screen, empty in files (never 0). */
export const noData = { noData: true } as const;

export type Cell = string | number | boolean | Words | null | typeof withheld | typeof noData;

export interface Column {
  key: string;
  kind: Kind;
  label: Words;
  /** Only in files (CSV, xlsx): a flag or reason the screen shows in the figure itself (withheld, no data). */
  fileOnly?: boolean;
}

export interface Tabular {
  title: Words;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** Lines under the table: comparability, missing data, withheld revenue. */
  notes: Words[];
  /** Its worksheet's name in a spreadsheet of several tables (unique among them); else the report's name, numbered. */
  sheet?: string;
  /** The columns that tell its rows apart, repeated in each part of a text table too wide to print whole; default: the first and the names. */
  keys?: readonly string[];
}

const isWords = (cell: Cell | undefined): cell is Words => typeof cell === "object" && cell !== null && "zh" in cell;

export const markers = { withheld: words("不公开", "withheld"), noData: words("无数据", "no data"), none: "—" } as const;

/** A cell as a reader sees it, on screen or in text: names in the reader's language, figures by the rules of format.ts. */
export function cellText(column: Column, cell: Cell | undefined, lang: Lang): string {
  if (typeof cell === "number") return numberText(column.kind, cell, lang);
  if (typeof cell === "boolean") return flagText(cell, lang);
  if (typeof cell === "string" && cell !== "") return column.kind === "time" ? shanghaiTimeText(cell) : cell;
  if (cell === withheld) return markers.withheld[lang];
  if (cell === noData) return markers.noData[lang];
  return isWords(cell) ? cell[lang] : markers.none;
}

function numberText(kind: Kind, n: number, lang: Lang): string {
  switch (kind) {
    case "count":
      return countText(n, lang);
    case "average":
      return countText(wholePeople(n), lang);
    case "money":
      return moneyText(n, lang);
    case "change":
      return changeText(n);
    case "percent":
      return shareText(n);
    default:
      return String(n);
  }
}

/** Money in files: one unit per column, named in its header; 万元 in Chinese once the column reaches ¥10,000. */
export type MoneyUnit = "yuan" | "wan";

export function moneyUnit(column: Column, rows: readonly Record<string, Cell>[], lang: Lang): MoneyUnit {
  if (lang === "en") return "yuan";
  return rows.some((row) => typeof row[column.key] === "number" && Math.abs(row[column.key] as number) >= 1_000_000) ? "wan" : "yuan";
}

const units: Partial<Record<Kind, Words>> = { change: words("（%）", " (%)"), percent: words("（%）", " (%)"), average: words("（人次）", " (people)") };
const moneyUnits: Record<MoneyUnit, Words> = { yuan: words("（元）", " (CNY)"), wan: words("（万元）", " (CNY 10,000)") };

/** A file's column header: the label in the reader's language and the unit its numbers are in. */
export function fileHeader(column: Column, lang: Lang, unit: MoneyUnit): string {
  const suffix = column.kind === "money" ? moneyUnits[unit] : units[column.kind];
  return `${column.label[lang]}${suffix?.[lang] ?? ""}`;
}

/** Fen in the column's unit: yuan exact to the fen, 万元 to two decimals (what officials read). */
export function moneyIn(fen: number, unit: MoneyUnit): number {
  return unit === "wan" ? fen / 1_000_000 : fen / 100;
}

/** A cell as a CSV field: numbers in the unit of the header, names in the reader's language, empty for withheld and no data. */
export function csvValue(column: Column, cell: Cell | undefined, lang: Lang, unit: MoneyUnit): CsvCell {
  if (typeof cell === "number") return fileNumber(column.kind, cell, unit);
  if (typeof cell === "boolean") return flagText(cell, lang);
  if (typeof cell === "string") return column.kind === "time" ? shanghaiTime(cell) : cell;
  return isWords(cell) ? cell[lang] : null;
}

function fileNumber(kind: Kind, n: number, unit: MoneyUnit): CsvCell {
  switch (kind) {
    case "average":
      return wholePeople(n);
    case "money":
      return moneyIn(n, unit).toFixed(2);
    case "change":
    case "percent":
      return n.toFixed(1);
    default:
      return n;
  }
}

/** Numbers line up on their last digit. */
const numeric = (kind: Kind) => kind === "count" || kind === "average" || kind === "money" || kind === "change" || kind === "percent";

/** A table's width when the caller gives none (a pipe, a file, a log): readable in any viewer. */
const textWidth = 100;

/**
 * The title, the table headed in the reader's language, and the notes under it, within `width`
 * columns (the CLI passes its terminal's): past it, id columns are left out first, then text wraps
 * within its column, then the table prints in parts that repeat the rows' names. Files keep every column.
 */
export function renderTable(view: Tabular, lang: Lang = "zh", width = textWidth): string {
  const shown = view.columns.filter((c) => !c.fileOnly);
  const table = renderTextTable({
    headers: [shown.map((c) => c.label[lang])],
    rows: view.rows.map((row) => shown.map((c) => cellText(c, row[c.key], lang))),
    rightAligned: shown.map((c) => numeric(c.kind)),
    unbroken: shown.map((c) => c.kind === "date" || c.kind === "time"),
    machine: shown.map((c) => c.kind === "id"),
    // The columns that name a row (its period or year first, then its name) repeat in every part of a split table.
    keys: shown.map((c, i) => (view.keys ? view.keys.includes(c.key) : i === 0 || c.kind === "name")),
    width,
  });
  const lines = (text: string) => wrapText(text, width);
  const notes = view.notes.flatMap((note) => lines(note[lang]));
  return `${[...lines(view.title[lang]), "", table.trimEnd(), ...(notes.length > 0 ? ["", ...notes] : [])].join("\n")}\n`;
}

/** CSV headed in the reader's language with units; real numbers in those units; empty fields for nulls, withheld and no data. */
export function renderCsv(view: Tabular, lang: Lang = "zh"): string {
  const unitsOf = view.columns.map((c) => moneyUnit(c, view.rows, lang));
  return toCsv(
    view.columns.map((c, i) => fileHeader(c, lang, unitsOf[i]!)),
    view.rows.map((row) => view.columns.map((c, i) => csvValue(c, row[c.key], lang, unitsOf[i]!))),
  );
}

/** Several tables as one CSV: separated by an empty line, only the first carrying the byte-order mark. */
export function renderCsvTables(views: readonly Tabular[], lang: Lang = "zh"): string {
  return views.map((view, i) => (i === 0 ? renderCsv(view, lang) : renderCsv(view, lang).replace(/^\uFEFF/, ""))).join("\r\n");
}

const markdownCell = (text: string): string => text.replace(/\|/g, "\\|");

/** A Markdown table headed in the reader's language, and the notes under it. */
export function renderMarkdown(view: Tabular, lang: Lang = "zh"): string {
  const columns = view.columns.filter((c) => !c.fileOnly);
  const lines = [
    `| ${columns.map((c) => markdownCell(c.label[lang])).join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
    ...view.rows.map((row) => `| ${columns.map((c) => markdownCell(cellText(c, row[c.key], lang))).join(" | ")} |`),
  ];
  return `${[...lines, ...(view.notes.length > 0 ? ["", ...view.notes.map((n) => n[lang])] : [])].join("\n")}\n`;
}
