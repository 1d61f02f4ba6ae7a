import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const demoFile = z.object({ tokens: z.array(z.object({ token: z.string(), role: z.string(), name: z.string() })) });

/** The sample tokens `tourism start` made on a fresh data directory and kept for the demo. */
export function sampleTokens(dataDir: string): z.infer<typeof demoFile>["tokens"] {
  return demoFile.parse(JSON.parse(readFileSync(join(dataDir, "demo-tokens.json"), "utf8"))).tokens;
}

/** The staff one of them. */
export const sampleStaffToken = (dataDir: string): string => sampleTokens(dataDir).find((t) => t.role === "staff")!.token;
