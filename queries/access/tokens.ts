import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { z } from "zod";
import type { Logger } from "../../infra/logger.ts";
import { DataFileError, readDataFile } from "../../transforms/data-file.ts";
import type { Register } from "../../transforms/register/register.ts";
import type { Access } from "./access.ts";

const role = z.union([
  z.literal("staff"),
  z.literal("planner"),
  z.string().regex(/^(operator|device):[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected "staff", "planner", "operator:<operator_id>" or "device:<site_id>"'),
]);

/** The register's ids a token's role may name. */
export interface KnownIds {
  operators: ReadonlySet<string>;
  sites: ReadonlySet<string>;
}

export function knownIds(register: Pick<Register, "operators" | "sites">): KnownIds {
  return { operators: new Set(register.operators.map((o) => o.operator_id)), sites: new Set(register.sites.map((s) => s.site_id)) };
}

/**
 * An entry holds the token itself (the first form, still read) or only its SHA-256 digest, which
 * `tourism tokens add` writes: the file then opens nothing to whoever reads it.
 */
const tokenEntry = z
  .object({
    token: z.string().min(16, "tokens must be at least 16 characters").optional(),
    token_sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "the SHA-256 digest of the token, 64 lowercase hex digits")
      .optional(),
    role,
    name: z.string().min(1),
    created_at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((entry) => (entry.token === undefined) !== (entry.token_sha256 === undefined), {
    message: "exactly one of token and token_sha256",
    path: ["token"],
  });

export const tokensFileSchema = z.object({ tokens: z.array(tokenEntry) });
export type TokenEntry = z.infer<typeof tokenEntry>;

/** A tokens file that cannot be used: reported like any bad data file (one line, exit 2). */
export class TokensFileError extends DataFileError {}

/** Bearer tokens and who holds them. Tokens are kept only as SHA-256 digests. */
export interface TokenBook {
  lookup(token: string): Access | undefined;
}

/** What the file keeps of a token and the book looks it up by. */
export const tokenDigest = (token: string): string => createHash("sha256").update(token).digest("hex");

function toAccess(entry: TokenEntry): Access {
  if (entry.role === "staff" || entry.role === "planner") return { role: entry.role, name: entry.name };
  if (entry.role.startsWith("device:")) return { role: "device", site_id: entry.role.slice("device:".length), name: entry.name };
  return { role: "operator", operator_id: entry.role.slice("operator:".length), name: entry.name };
}

/** The file's entries, checked one by one; the first wrong one is reported. */
export function tokenEntries(json: unknown, source = "tokens file"): TokenEntry[] {
  const parsed = tokensFileSchema.safeParse(json);
  if (parsed.success) return parsed.data.tokens;
  const issue = parsed.error.issues[0]!;
  throw new TokensFileError(`${source}: ${issue.path.join(".")}: ${issue.message}`);
}

/** Builds the book; a role naming an operator or site the register does not know is an error. */
export function tokenBook(json: unknown, known: KnownIds, source = "tokens file"): TokenBook {
  const byDigest = new Map<string, Access>();
  const entryOf = new Map<string, number>();
  for (const [i, entry] of tokenEntries(json, source).entries()) {
    const access = toAccess(entry);
    if (access.role === "operator" && !known.operators.has(access.operator_id)) {
      throw new TokensFileError(`${source}: tokens.${i}.role: unknown operator ${JSON.stringify(access.operator_id)}`);
    }
    if (access.role === "device" && !known.sites.has(access.site_id)) {
      throw new TokensFileError(`${source}: tokens.${i}.role: unknown site ${JSON.stringify(access.site_id)}`);
    }
    const key = entry.token_sha256 ?? tokenDigest(entry.token!);
    const first = entryOf.get(key);
    // One token, two holders: which one a request acts for would be an accident of file order.
    if (first !== undefined) throw new TokensFileError(`${source}: tokens.${i}.token: the same token as tokens.${first}; each token must be unique`);
    entryOf.set(key, i);
    byDigest.set(key, access);
  }
  return { lookup: (token) => byDigest.get(tokenDigest(token)) };
}

/** The file's JSON; a syntax error is reported without the parser's excerpt, which can quote a token. */
export async function readTokensJson(path: string): Promise<unknown> {
  try {
    return await readDataFile(path, z.unknown(), "TOURISM_TOKENS");
  } catch (err) {
    if (err instanceof DataFileError && err.cause instanceof SyntaxError) throw new TokensFileError(`TOURISM_TOKENS ${path}: not JSON`);
    throw err;
  }
}

/** Reads and checks the tokens file; one that group or others may read gets a warning. */
export async function loadTokenBook(path: string, known: KnownIds, log: Logger): Promise<TokenBook> {
  const json = await readTokensJson(path);
  const book = tokenBook(json, known, `TOURISM_TOKENS ${path}`);
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) {
    log.warn({ path, mode: (mode & 0o777).toString(8) }, "the tokens file is open to group or others; the tokens are the API's keys: chmod 600 it");
  }
  return book;
}

/** A token book that follows its file; close() stops watching. */
export interface WatchedTokenBook extends TokenBook {
  close(): void;
}

/**
 * Loads the tokens file and reloads it whenever it changes (polled every `everyMs`), so a revoked
 * token stops working within seconds without a restart. A changed file that does not validate
 * keeps the book in force and logs an error. Polling the file's identity, size and mtime also
 * catches editors that replace the file by renaming, which fs.watch on the file would miss.
 */
export async function watchTokenBook(path: string, known: KnownIds, log: Logger, everyMs = 1000): Promise<WatchedTokenBook> {
  const version = async () => {
    try {
      const s = await stat(path, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}`;
    } catch {
      return "unreadable"; // reported once, by the reload attempt
    }
  };
  let seen = await version();
  let book = await loadTokenBook(path, known, log);
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void (async () => {
      try {
        const now = await version();
        if (now === seen) return;
        seen = now;
        book = await loadTokenBook(path, known, log);
        log.info({ path }, "tokens file reloaded");
      } catch (err) {
        log.error({ path, err: err instanceof Error ? err.message : String(err) }, "tokens file not reloaded; the previous tokens stay in force");
      } finally {
        checking = false;
      }
    })();
  }, everyMs);
  timer.unref();
  return { lookup: (token) => book.lookup(token), close: () => clearInterval(timer) };
}
