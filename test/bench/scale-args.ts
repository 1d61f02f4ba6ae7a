import { z } from "zod";

export const scaleUsage = "usage: bench:scale [--dir DIR] [SIZE…], SIZE a count of events such as 10M, 30M, 100M or 2500000";
const defaultSizes = [10_000_000, 30_000_000, 100_000_000];

const sizeArg = z
  .string()
  .regex(/^\d+(\.\d+)?[MK]?$/i)
  .transform((text) => Math.round(Number.parseFloat(text) * ({ M: 1e6, K: 1e3 }[text.slice(-1).toUpperCase()] ?? 1)))
  .refine((n) => n > 0);

export type ScaleArgs = { ok: true; dir: string; sizes: number[] } | { ok: false; reason: string };

/** `[--dir DIR] [SIZE…]`: the sizes ascending, since one store is grown from each to the next. */
export function parseScaleArgs(argv: readonly string[]): ScaleArgs {
  let dir = "/tmp/tourism-bench-scale";
  const sizes: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--dir") {
      if (!argv[i + 1]) return { ok: false, reason: `--dir needs a directory; ${scaleUsage}` };
      dir = argv[++i]!;
      continue;
    }
    const size = sizeArg.safeParse(argv[i]);
    if (!size.success) return { ok: false, reason: `SIZE ${JSON.stringify(argv[i])} is not a count of events; ${scaleUsage}` };
    sizes.push(size.data);
  }
  return { ok: true, dir, sizes: (sizes.length > 0 ? sizes : defaultSizes).sort((a, b) => a - b) };
}
