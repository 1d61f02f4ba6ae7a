import { apiBlob, type Query } from "./api.ts";
import type { ViewContext } from "./context.ts";
import { errorBox, h } from "./dom.ts";

/** Saves a blob as a file through a temporary download link. */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file the API builds (a report with format=xlsx, a bulletin as text): fetched with the token, then saved. */
export interface ApiDownload {
  label: string;
  filename: string;
  path: string;
  query: Query;
}

/** Fetches and saves `download`; an ApiError says in words why it could not. */
export async function saveApiFile(token: string, download: ApiDownload): Promise<void> {
  saveBlob(download.filename, await apiBlob(token, download.path, download.query));
}

/** A button that fetches and saves an API file; if that fails, the reason shows beside it. */
export function apiFileButton(token: string, download: ApiDownload, kind: string): HTMLElement {
  const button = h("button", { type: "button", class: "download", "data-download": kind }, download.label);
  button.onclick = () => {
    button.parentElement?.querySelector(`[data-download-error="${kind}"]`)?.remove();
    saveApiFile(token, download).catch((err: unknown) => {
      const box = errorBox(err instanceof Error ? err.message : String(err));
      box.dataset.downloadError = kind;
      button.after(box);
    });
  };
  return button;
}

/** The shown report as the API's spreadsheet (same path and query, format=xlsx), headed in the reader's language. */
export function xlsxButton(ctx: ViewContext, path: string, query: Query, stem: string): HTMLElement {
  const file = { label: ctx.t("downloadXlsx"), filename: `${stem}.xlsx`, path, query: { ...query, format: "xlsx", lang: ctx.locale } };
  return apiFileButton(ctx.token, file, "xlsx");
}
