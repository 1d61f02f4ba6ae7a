/** Largest single-line amount accepted: ¥10,000,000.00. Anything above is a data error, not a sale. */
export const maxAmountFen = 1_000_000_000;

const decimalYuan = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * Converts a CNY amount (decimal string or JSON number, ≥ 0, at most two decimals) to integer fen
 * without ever going through float arithmetic. Returns null when the value is not such an amount.
 */
export function yuanToFen(value: string | number): number | null {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const match = decimalYuan.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return fen <= maxAmountFen ? fen : null;
}

/** 123456 → "1234.56"; negative amounts keep their sign. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
