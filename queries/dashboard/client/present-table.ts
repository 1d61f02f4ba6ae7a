import { type Cell, type Column, cellText, noData, renderCsv, type Tabular, withheld } from "../../present/tabular.ts";
import type { ViewContext } from "./context.ts";
import { downloadCsv } from "./csv.ts";
import { h } from "./dom.ts";
import { withheldReason } from "./withheld.ts";

/** The hover text of a cell that carries no figure: why it is withheld, or that the period had no data. */
function cellTitle(ctx: ViewContext, cell: Cell | undefined): string | undefined {
  if (cell === withheld) return withheldReason(ctx);
  if (cell === noData) return ctx.t("noDataReason");
  return undefined;
}

function td(ctx: ViewContext, column: Column, cell: Cell | undefined): HTMLElement {
  return h(
    "td",
    {
      class: column.kind,
      title: cellTitle(ctx, cell),
      "data-withheld": cell === withheld ? "" : undefined,
      "data-no-data": cell === noData ? "" : undefined,
    },
    cellText(column, cell, ctx.locale),
  );
}

/**
 * A report table as the CLI and the API's files lay it out (present views), on screen in the
 * reader's language, with its CSV built from the same table beside the API's files of the report.
 * `name`: the data-table hook and the CSV file's stem.
 */
export function presentPanel(ctx: ViewContext, table: Tabular, name: string, ...files: HTMLElement[]): HTMLElement {
  // Names stand for their ids on screen; the ids stay in the CSV, for machines.
  const columns = table.columns.filter((column) => !column.fileOnly && column.kind !== "id");
  const head = h("tr", {}, ...columns.map((column) => h("th", { class: column.kind }, column.label[ctx.locale])));
  const body = table.rows.map((row) => h("tr", {}, ...columns.map((column) => td(ctx, column, row[column.key]))));
  const csv = () => downloadCsv(`${name}.csv`, renderCsv(table, ctx.locale));
  return h(
    "section",
    { class: "panel", "data-table": name },
    h(
      "div",
      { class: "panel-head" },
      h("h3", {}, table.title[ctx.locale]),
      h("div", { class: "downloads" }, h("button", { type: "button", class: "csv", onclick: csv }, ctx.t("downloadCsv")), ...files),
    ),
    h("table", {}, h("thead", {}, head), h("tbody", {}, ...body)),
  );
}
