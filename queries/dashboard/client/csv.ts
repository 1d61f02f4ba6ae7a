import { saveBlob } from "./download.ts";

/** Saves CSV text (toCsv: with the byte-order mark Excel needs for UTF-8) as a file. */
export function downloadCsv(filename: string, csv: string): void {
  saveBlob(filename, new Blob([csv], { type: "text/csv;charset=utf-8" }));
}
