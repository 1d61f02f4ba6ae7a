/** A table's width when the output is not a terminal (a pipe, a file, a CI log): readable in any viewer. */
export const defaultTableWidth = 100;

/** The columns a table may take on `stream`: a terminal's own width, else 100. */
export function tableWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY === true && stream.columns !== undefined && stream.columns > 0 ? stream.columns : defaultTableWidth;
}
