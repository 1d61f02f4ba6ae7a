import { type Scope, scopeQuery } from "../access.ts";
import { apiGet, apiPost } from "../api.ts";
import type { ViewContext } from "../context.ts";
import { errorBox, h, select } from "../dom.ts";
import { apiFileButton } from "../download.ts";
import { type ArchivedBulletin, type BulletinReport, archivedBulletinSchema, bulletinListSchema, bulletinReportSchema } from "../schemas.ts";

/** The hours a bulletin may be cut at: every whole hour of the day, and 24:00 for the whole day. */
const hours = [...Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, "0")}:00`).slice(8), "24:00"];

/** The day and hour chosen, kept while the holiday view is re-rendered. */
const chosen = { key: "", date: "", as_of: "24:00" };

function eachDay(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = new Date(`${start}T00:00:00Z`); days.length < 31; day = new Date(day.getTime() + 86_400_000)) {
    const date = day.toISOString().slice(0, 10);
    if (date > end) break;
    days.push(date);
  }
  return days;
}

/**
 * The holiday's daily bulletin for the shown scope: pick the day and the 截至 hour, preview it
 * (text, Excel, Word), and, for staff, archive it as previewed. Below, the bulletins archived for
 * the holiday, each opened exactly as filed.
 */
export async function bulletinPanels(ctx: ViewContext, holiday: string, year: number, scope: Scope): Promise<HTMLElement[]> {
  const { t, locale } = ctx;
  const period = ctx.holidays.find((p) => p.key === holiday && p.year === year);
  const days = period ? eachDay(period.start, period.end) : [];
  const key = `${holiday}-${year}`;
  if (chosen.key !== key || !days.includes(chosen.date)) {
    // The sites' today (a demo's in a demo), not the browser's UTC date.
    Object.assign(chosen, { key, date: days.filter((d) => d <= ctx.me.today).at(-1) ?? days[0] ?? "" });
  }
  const query = () => ({ holiday, year, date: chosen.date || undefined, as_of: chosen.as_of, lang: locale, ...scopeQuery(scope) });
  const preview = h("pre", { class: "bulletin-text", "data-bulletin-preview": "" });
  const actions = h("div", { class: "downloads" });
  const status = h("div", { "data-bulletin-status": "" });
  const archive = h("section", { class: "panel", "data-bulletin-archive": "" });

  const listArchive = async () => {
    const archived = await apiGet(ctx.token, "/api/bulletins", { holiday, year }, bulletinListSchema);
    const opened = h("pre", { class: "bulletin-text", "data-archived-text": "" });
    const open = async (id: string) => {
      const found: ArchivedBulletin = await apiGet(ctx.token, `/api/bulletins/${encodeURIComponent(id)}`, {}, archivedBulletinSchema);
      opened.textContent = found.text;
      opened.dataset.archivedId = found.id;
    };
    const items = archived.map((b) => {
      const button = h("button", { type: "button", "data-open-bulletin": b.id }, t("bulletinOpen"));
      button.onclick = () => open(b.id).catch((err: unknown) => button.after(errorBox(String(err instanceof Error ? err.message : err))));
      return h("li", { "data-archived": b.id }, `${b.date} ${t("asOf")} ${b.as_of} · ${b.scope} · ${b.generated_at} `, button);
    });
    archive.replaceChildren(
      h("div", { class: "panel-head" }, h("h3", {}, t("bulletinArchive"))),
      items.length === 0 ? h("p", { class: "note", "data-note": "no-bulletins" }, t("bulletinArchiveEmpty")) : h("ul", { class: "archive" }, ...items),
      opened,
    );
  };

  const file = (format: "text" | "xlsx" | "docx", label: string, extension: string) =>
    apiFileButton(
      ctx.token,
      { label, filename: `bulletin-${holiday}-${chosen.date || year}.${extension}`, path: "/api/reports/bulletin", query: { ...query(), format } },
      `bulletin-${format}`,
    );

  const showPreview = async () => {
    status.replaceChildren();
    const report: BulletinReport = await apiGet(ctx.token, "/api/reports/bulletin", query(), bulletinReportSchema);
    preview.textContent = report.text;
    const buttons: HTMLElement[] = [file("text", t("bulletinText"), "txt"), file("xlsx", t("bulletinXlsx"), "xlsx"), file("docx", t("bulletinDocx"), "docx")];
    if (ctx.me.role === "staff") {
      const incomplete = report.not_cut.length > 0;
      const accept = h("input", { type: "checkbox", "data-field": "accept-incomplete" });
      const fileButton = h("button", { type: "button", "data-action": "file-bulletin" }, t("bulletinFile"));
      fileButton.onclick = () => {
        fileButton.disabled = true;
        const body = {
          ...Object.fromEntries(Object.entries(query()).map(([k, v]) => [k, String(v)])),
          ...(incomplete ? { accept_incomplete: accept.checked } : {}),
        };
        apiPost(ctx.token, "/api/bulletins", body, archivedBulletinSchema)
          .then(async (filed) => {
            status.replaceChildren(h("p", { class: "note", "data-filed": filed.id }, t("bulletinFiled", { id: filed.id })));
            await listArchive();
          })
          .catch((err: unknown) => status.replaceChildren(errorBox(err instanceof Error ? err.message : String(err))))
          .finally(() => {
            fileButton.disabled = false;
          });
      };
      if (incomplete) buttons.push(h("label", { class: "field" }, accept, h("span", {}, t("bulletinAcceptIncomplete"))));
      buttons.push(fileButton);
    }
    actions.replaceChildren(...buttons);
  };
  const refresh = () => {
    showPreview().catch((err: unknown) => status.replaceChildren(errorBox(err instanceof Error ? err.message : String(err))));
  };

  const controls = h(
    "form",
    { class: "controls", onsubmit: (event: Event) => event.preventDefault() },
    select(
      "bulletin-date",
      t("bulletinDay"),
      days.map((d) => ({ value: d, label: d })),
      chosen.date,
      (value) => {
        chosen.date = value;
        refresh();
      },
    ),
    select(
      "bulletin-hour",
      t("asOf"),
      hours.map((hour) => ({ value: hour, label: hour })),
      chosen.as_of,
      (value) => {
        chosen.as_of = value;
        refresh();
      },
    ),
  );
  await Promise.all([showPreview(), listArchive()]);
  return [
    h("section", { class: "panel", "data-bulletin": "" }, h("div", { class: "panel-head" }, h("h3", {}, t("bulletin")), actions), controls, preview, status),
    archive,
  ];
}
