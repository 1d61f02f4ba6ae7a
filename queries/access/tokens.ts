import { createHash } from "node:crypto";
import { z } from "zod";
import { DataFileError, readDataFile } from "../../transforms/data-file.ts";
import type { Access } from "./access.ts";

const role = z.union([
  z.literal("staff"),
  z.literal("planner"),
  z.string().regex(/^operator:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected "staff", "planner" or "operator:<operator_id>"'),
]);

export const tokensFileSchema = z.object({
  tokens: z.array(z.object({ token: z.string().min(16, "tokens must be at least 16 characters"), role, name: z.string().min(1) })),
});

/** A tokens file that cannot be used: reported like any bad data file (one line, exit 2). */
export class TokensFileError extends DataFileError {}

/** Bearer tokens and who holds them. Tokens are kept only as SHA-256 digests. */
export interface TokenBook {
  lookup(token: string): Access | undefined;
}

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

function toAccess(entry: z.infer<typeof tokensFileSchema>["tokens"][number]): Access {
  if (entry.role === "staff" || entry.role === "planner") return { role: entry.role, name: entry.name };
  return { role: "operator", operator_id: entry.role.slice("operator:".length), name: entry.name };
}

/** Builds the book; an operator role naming an operator the register does not know is an error. */
export function tokenBook(json: unknown, knownOperators: ReadonlySet<string>, source = "tokens file"): TokenBook {
  const parsed = tokensFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TokensFileError(`${source}: ${issue.path.join(".")}: ${issue.message}`);
  }
  const byDigest = new Map<string, Access>();
  for (const [i, entry] of parsed.data.tokens.entries()) {
    const access = toAccess(entry);
    if (access.role === "operator" && !knownOperators.has(access.operator_id)) {
      throw new TokensFileError(`${source}: tokens.${i}.role: unknown operator ${JSON.stringify(access.operator_id)}`);
    }
    byDigest.set(digest(entry.token), access);
  }
  return { lookup: (token) => byDigest.get(digest(token)) };
}

export async function loadTokenBook(path: string, knownOperators: ReadonlySet<string>): Promise<TokenBook> {
  const json = await readDataFile(path, z.unknown(), "TOURISM_TOKENS");
  return tokenBook(json, knownOperators, `TOURISM_TOKENS ${path}`);
}
