import { randomBytes } from "node:crypto";
import { access, mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { DateTime } from "luxon";
import type { Config } from "../../infra/config.ts";
import { withFileLock } from "../../infra/files/file-lock.ts";
import { replaceFile } from "../../infra/files/replace-file.ts";
import { siteZone } from "../../ingest/contracts/time.ts";
import { type KnownIds, type TokenEntry, readTokensJson, tokenBook, tokenDigest, tokenEntries } from "./tokens.ts";

/** TOURISM_TOKENS, else `tokens.json` in the data directory (where `start` makes its sample tokens). */
export const tokensPath = (config: Config): string => config.TOURISM_TOKENS ?? join(resolve(config.TOURISM_DATA_DIR), "tokens.json");

/** A token is 32 random bytes; the prefix lets people and secret scanners recognise one. */
export const newToken = (): string => `tourism_${randomBytes(32).toString("base64url")}`;

/** When an entry was made, in the sites' local time. */
export const createdNow = (): string => DateTime.now().setZone(siteZone).startOf("second").toISO({ suppressMilliseconds: true })!;

/** A change the file's administrator asked for that cannot be made; `argument` names what was wrong. */
export class TokenChangeRefused extends Error {
  constructor(
    readonly argument: "name" | "role",
    detail: string,
  ) {
    super(detail);
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The file's entries; none when there is no file yet. */
export async function readTokenEntries(path: string): Promise<TokenEntry[]> {
  return (await exists(path)) ? tokenEntries(await readTokensJson(path), `TOURISM_TOKENS ${path}`) : [];
}

/** The entries as the file's new content, checked first as the server will load it: a change never leaves a file the running server refuses. */
async function writeTokens(path: string, known: KnownIds, entries: TokenEntry[]): Promise<void> {
  const file = { tokens: entries };
  tokenBook(file, known, `TOURISM_TOKENS ${path}`);
  await replaceFile(path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
}

/** Read, change and write back under the file's lock, so that two processes changing it at once both land. */
async function changeTokens<T>(path: string, known: KnownIds, change: (entries: TokenEntry[]) => { entries: TokenEntry[]; result: T }) {
  await mkdir(dirname(path), { recursive: true });
  return withFileLock(path, async () => {
    const { entries, result } = change(await readTokenEntries(path));
    await writeTokens(path, known, entries);
    return result;
  });
}

/** A new entry the file would refuse, reported against the argument that made it wrong. */
function checkEntry(entry: TokenEntry, known: KnownIds): void {
  try {
    tokenBook({ tokens: [entry] }, known, "new");
  } catch (err) {
    const wrong = err instanceof Error ? /^new: tokens\.0\.(role|name): (.*)$/s.exec(err.message) : null;
    if (wrong) throw new TokenChangeRefused(wrong[1] as "role" | "name", wrong[2]!);
    throw err;
  }
}

/** Adds a token for `role` under a new `name`; returns the token, of which the file keeps only the digest. */
export async function addToken(path: string, known: KnownIds, wanted: { role: string; name: string }): Promise<string> {
  const token = newToken();
  const entry: TokenEntry = {
    token_sha256: tokenDigest(token),
    role: wanted.role,
    name: wanted.name,
    created_at: createdNow(),
  };
  checkEntry(entry, known);
  return changeTokens(path, known, (entries) => {
    if (entries.some((e) => e.name === wanted.name))
      throw new TokenChangeRefused("name", `a token named ${JSON.stringify(wanted.name)} exists; revoke it first or choose another name`);
    return { entries: [...entries, entry], result: token };
  });
}

/** Removes the tokens named `name` (a hand-written file may hold several); returns how many. */
export async function revokeToken(path: string, known: KnownIds, name: string): Promise<number> {
  return changeTokens(path, known, (entries) => {
    const kept = entries.filter((e) => e.name !== name);
    if (kept.length === entries.length) throw new TokenChangeRefused("name", `no token named ${JSON.stringify(name)} in ${path}`);
    return { entries: kept, result: entries.length - kept.length };
  });
}

/**
 * Creates the file unless it exists (checked under the lock); `make` runs only when it does not,
 * before the file is written. Returns whether it wrote.
 */
export async function createTokensFile(path: string, known: KnownIds, make: () => Promise<TokenEntry[]>): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  return withFileLock(path, async () => {
    if (await exists(path)) return false;
    await writeTokens(path, known, await make());
    return true;
  });
}
