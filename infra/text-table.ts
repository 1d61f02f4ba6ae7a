/**
 * Plain-text tables for terminal output, the one renderer the CLI uses. Chinese characters take two
 * columns in a terminal, so padding counts display width, not string length.
 */
const wide =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += wide.test(char) ? 2 : 1;
  return width;
}

export interface TableLayout {
  /** One or more header lines (e.g. Chinese above English), each with a cell per column. */
  headers: readonly (readonly string[])[];
  rows: readonly (readonly string[])[];
  /** Columns padded on the left, so numbers line up on their last digit. */
  rightAligned?: readonly boolean[];
}

/** Columns separated by two spaces, the header lines and a dashed rule; trailing spaces trimmed. */
export function renderTable({ headers, rows, rightAligned = [] }: TableLayout): string {
  const columns = Math.max(0, ...headers.map((h) => h.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...[...headers, ...rows].map((line) => displayWidth(line[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    widths
      .map((width, i) => {
        const cell = cells[i] ?? "";
        const fill = " ".repeat(width - displayWidth(cell));
        return rightAligned[i] ? fill + cell : cell + fill;
      })
      .join("  ")
      .trimEnd();
  return `${[...headers.map(line), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n")}\n`;
}
