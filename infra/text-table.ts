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

/** A piece of text that stays on one line, and whether a space stood before it. */
interface Piece {
  text: string;
  spaced: boolean;
}

const letter = /\p{L}/u;

/**
 * Where a line may break: at spaces, around each Chinese character, after a hyphen between letters
 * (`langxia-country-park`) and after `..` or `/`. Never inside a number, a date or a time.
 */
function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const word of text.split(" ")) {
    if (word === "") continue;
    const chars = [...word];
    let current = "";
    let spaced = true;
    const flush = () => {
      if (current === "") return;
      out.push({ text: current, spaced });
      current = "";
      spaced = false;
    };
    chars.forEach((char, i) => {
      if (wide.test(char)) {
        flush();
        current = char;
        flush();
        return;
      }
      current += char;
      const previous = chars[i - 1] ?? "";
      const next = chars[i + 1] ?? "";
      if ((char === "-" && letter.test(previous) && letter.test(next)) || (char === "." && previous === ".") || char === "/") flush();
    });
    flush();
  }
  return out;
}

/** The widest piece of text that cannot break. */
const longestPiece = (text: string) => Math.max(0, ...pieces(text).map((p) => displayWidth(p.text)));

/** Splits a piece wider than the line itself, character by character (only when nothing else fits). */
function hardBreak(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const char of text) {
    if (line !== "" && displayWidth(line + char) > width) {
      lines.push(line);
      line = "";
    }
    line += char;
  }
  return [...lines, line];
}

/** Text wrapped to lines of at most `width` columns, breaking where `pieces` allows. */
export function wrapText(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces(text)) {
    const joined = line === "" ? piece.text : `${line}${piece.spaced ? " " : ""}${piece.text}`;
    if (displayWidth(joined) <= width) {
      line = joined;
      continue;
    }
    if (line !== "") lines.push(line);
    const broken = displayWidth(piece.text) > width ? hardBreak(piece.text, width) : [piece.text];
    lines.push(...broken.slice(0, -1));
    line = broken[broken.length - 1]!;
  }
  return [...lines, line];
}

export interface TableLayout {
  /** One or more header lines (e.g. Chinese above English), each with a cell per column. */
  headers: readonly (readonly string[])[];
  rows: readonly (readonly string[])[];
  /** Figures: padded on the left, so numbers line up on their last digit, and never wrapped. */
  rightAligned?: readonly boolean[];
  /** Columns whose cells never break across lines (dates, times); right-aligned figures never do either. */
  unbroken?: readonly boolean[];
  /** Columns for machines (ids): left out first when the table is wider than `width`. */
  machine?: readonly boolean[];
  /** Columns that name a row, repeated in each part when the table must be split (default: the first). */
  keys?: readonly boolean[];
  /** The columns the table may take (a terminal's width); default: as wide as its cells. */
  width?: number;
}

const gap = 2;
/** The narrowest a wrapped column gets (four Chinese characters a line): narrower, a name falls apart one character a line, so the table is split into parts instead. */
const readableWidth = 8;
const spread = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w, 0) + gap * Math.max(0, widths.length - 1);

/**
 * Columns separated by two spaces, the header lines and a dashed rule; trailing spaces trimmed.
 * Wider than `width`, the table first leaves out its machine columns, then wraps its text cells and
 * headers within their columns; when even its narrowest layout is too wide, it is printed in parts
 * one under the other, each repeating the key columns.
 */
export function renderTable(layout: TableLayout): string {
  const { headers, rows, rightAligned = [], unbroken = [], machine = [], keys = [], width = Number.POSITIVE_INFINITY } = layout;
  const count = Math.max(0, ...headers.map((h) => h.length));
  const texts = (c: number, lines: readonly (readonly string[])[]) => lines.map((line) => line[c] ?? "");
  const natural = (c: number) => Math.max(0, ...[...texts(c, headers), ...texts(c, rows)].map(displayWidth));
  const narrowest = (c: number) =>
    Math.max(
      Math.min(natural(c), readableWidth),
      ...texts(c, headers).map(longestPiece),
      ...texts(c, rows).map(rightAligned[c] || unbroken[c] ? displayWidth : longestPiece),
    );
  let columns = Array.from({ length: count }, (_, c) => c);
  if (spread(columns.map(natural)) > width) columns = columns.filter((c) => !machine[c]);
  const block = (shown: readonly number[]) => renderBlock({ headers, rows, rightAligned }, shown, fitWidths(shown.map(natural), shown.map(narrowest), width));
  if (spread(columns.map(narrowest)) <= width) return block(columns);
  const keyColumns = columns.some((c) => keys[c]) ? columns.filter((c) => keys[c]) : columns.slice(0, 1);
  // Each part takes the next columns while they fit unwrapped, so a split table wraps no more than it must.
  const parts: number[][] = [];
  for (const c of columns.filter((c) => !keyColumns.includes(c))) {
    const last = parts[parts.length - 1];
    if (last && spread([...keyColumns, ...last, c].map(natural)) <= width) last.push(c);
    else parts.push([c]);
  }
  return parts.map((part) => block([...keyColumns, ...part])).join("\n");
}

/** Narrows the widest columns, one column of text at a time, until the table fits or none can narrow. */
function fitWidths(natural: readonly number[], narrowest: readonly number[], width: number): number[] {
  const widths = [...natural];
  while (spread(widths) > width) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > narrowest[i]! && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]! -= 1;
  }
  return widths;
}

function renderBlock(layout: Required<Pick<TableLayout, "headers" | "rows" | "rightAligned">>, columns: readonly number[], widths: readonly number[]): string {
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const fill = " ".repeat(Math.max(0, widths[i]! - displayWidth(cell)));
        return layout.rightAligned[columns[i]!] ? fill + cell : cell + fill;
      })
      .join(" ".repeat(gap))
      .trimEnd();
  /** One table row as one or more text lines, each cell wrapped within its column. */
  const wrapped = (cells: readonly string[]) => {
    const lines = columns.map((c, i) => wrapText(cells[c] ?? "", widths[i]!));
    const height = Math.max(...lines.map((l) => l.length));
    return Array.from({ length: height }, (_, n) => line(lines.map((l) => l[n] ?? "")));
  };
  const rule = line(widths.map((w) => "-".repeat(w)));
  return `${[...layout.headers.flatMap(wrapped), rule, ...layout.rows.flatMap(wrapped)].join("\n")}\n`;
}
