import { type Scope, scopeQuery } from "../access.ts";
import { apiGet } from "../api.ts";
import type { ViewContext } from "../context.ts";
import { h } from "../dom.ts";
import { apiFileButton } from "../download.ts";
import { bulletinListSchema } from "../schemas.ts";
import { bulletinArchiveView } from "../../../present/bulletin-archive-view.ts";
import { presentPanel } from "../present-table.ts";

/** The holiday's daily bulletin as text and spreadsheet for the shown scope, and the bulletins archived for it. */
export async function bulletinPanels(ctx: ViewContext, holiday: string, year: number, scope: Scope): Promise<HTMLElement[]> {
  const { t, locale } = ctx;
  const query = { holiday, year, lang: locale, ...scopeQuery(scope) };
  const file = (format: "text" | "xlsx", label: string, extension: string) =>
    apiFileButton(
      ctx.token,
      { label, filename: `bulletin-${holiday}-${year}.${extension}`, path: "/api/reports/bulletin", query: { ...query, format } },
      `bulletin-${format}`,
    );
  const archived = await apiGet(ctx.token, "/api/bulletins", { holiday, year }, bulletinListSchema);
  const archive =
    archived.length === 0
      ? h("p", { class: "note", "data-note": "no-bulletins" }, t("bulletinArchiveEmpty"))
      : presentPanel(ctx, bulletinArchiveView(archived), `bulletins-${holiday}-${year}`);
  return [
    h(
      "section",
      { class: "panel", "data-bulletin": "" },
      h(
        "div",
        { class: "panel-head" },
        h("h3", {}, t("bulletin")),
        h("div", { class: "downloads" }, file("text", t("bulletinText"), "txt"), file("xlsx", t("bulletinXlsx"), "xlsx")),
      ),
    ),
    archive,
  ];
}
