import { type CsvCell, toCsv } from "../../../infra/csv.ts";
import { downloadCsv } from "./csv.ts";
import { h } from "./dom.ts";
import { fenToYuan } from "../../../ingest/contracts/money.ts";
import { formatCount, formatDecimal, formatPct, formatYuan } from "./format.ts";

export type ColumnKind = "text" | "count" | "decimal" | "fen" | "pct";
/**
 * A figure the disclosure rule withholds, or one of a period without any data (noData): its label
 * ("withheld", "no data") in the cell, the reason on hover; never 0.
 */
export interface WithheldCell {
  withheld: string;
  reason: string;
  noData?: true;
}
export type Cell = string | number | null | undefined | WithheldCell;

const isWithheld = (cell: Cell): cell is WithheldCell => typeof cell === "object" && cell !== null;

export interface Column {
  label: string;
  kind: ColumnKind;
}

export interface TableModel {
  /** data-table hook and CSV file name stem. */
  name: string;
  title: string;
  columns: Column[];
  rows: Cell[][];
}

function display(kind: ColumnKind, cell: Cell): string {
  if (isWithheld(cell)) return cell.withheld;
  if (kind === "text") return cell === null || cell === undefined ? "" : String(cell);
  const value = typeof cell === "number" ? cell : null;
  switch (kind) {
    case "count":
      return formatCount(value);
    case "decimal":
      return formatDecimal(value);
    case "fen":
      return formatYuan(value);
    case "pct":
      return formatPct(value);
  }
}

/** CSV keeps figures plain: yuan with two decimals (exact, from fen), percents unsigned numbers. */
function csvCell(kind: ColumnKind, cell: Cell): CsvCell {
  if (isWithheld(cell)) return cell.withheld;
  if (kind === "fen") return typeof cell === "number" ? fenToYuan(cell) : null;
  return cell;
}

export function tableCsv(model: TableModel): string {
  return toCsv(
    model.columns.map((column) => column.label),
    model.rows.map((row) => row.map((cell, i) => csvCell(model.columns[i]!.kind, cell))),
  );
}

/**
 * A titled table with a CSV download built from the same rows, in the browser, and beside it the
 * buttons of files the API builds of the same report (its spreadsheet).
 */
export function tablePanel(model: TableModel, downloadLabel: string, ...files: HTMLElement[]): HTMLElement {
  const head = h("tr", {}, ...model.columns.map((column) => h("th", { class: column.kind }, column.label)));
  const body = model.rows.map((row) =>
    h(
      "tr",
      {},
      ...row.map((cell, i) =>
        h(
          "td",
          {
            class: model.columns[i]!.kind,
            title: isWithheld(cell) ? cell.reason : undefined,
            "data-withheld": isWithheld(cell) && !cell.noData ? "" : undefined,
            "data-no-data": isWithheld(cell) && cell.noData ? "" : undefined,
          },
          display(model.columns[i]!.kind, cell),
        ),
      ),
    ),
  );
  const button = h("button", { type: "button", class: "csv", onclick: () => downloadCsv(`${model.name}.csv`, tableCsv(model)) }, downloadLabel);
  return h(
    "section",
    { class: "panel", "data-table": model.name },
    h("div", { class: "panel-head" }, h("h3", {}, model.title), h("div", { class: "downloads" }, button, ...files)),
    h("table", {}, h("thead", {}, head), h("tbody", {}, ...body)),
  );
}
