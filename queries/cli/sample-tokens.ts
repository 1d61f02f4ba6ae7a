import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { replaceFile } from "../../infra/files/replace-file.ts";
import type { Register } from "../../transforms/register/register.ts";
import { createTokensFile, createdNow, newToken } from "../access/tokens-file.ts";
import { knownIds, tokenDigest } from "../access/tokens.ts";

export interface SampleToken {
  token: string;
  role: string;
  name: string;
}

/** Where `start` and `run` keep the sample tokens they made: in the data directory. */
export const sampleTokensPath = (dataDir: string): string => join(resolve(dataDir), "demo-tokens.json");

const about =
  "tourism start's sample tokens, kept for the demo; tokens.json beside it holds only their digests. " +
  "Revoke one with `tourism tokens revoke NAME`, and delete this file once you have them elsewhere.";

/**
 * Makes one token per role (staff, planner, and the operator of the preferred site) unless the
 * tokens file exists: the tokens file keeps their digests, and the demo file (`demoPath`, written
 * first, mode 0600) the tokens themselves, so that the demo can be used again after `start` has
 * printed them once. Returns the tokens when it made them.
 */
export async function ensureSampleTokens(tokensPath: string, demoPath: string, register: Register, preferredSite: string): Promise<SampleToken[] | undefined> {
  const site = register.sites.find((s) => s.site_id === preferredSite) ?? register.sites[0];
  const operator = register.operators.find((o) => o.operator_id === site?.operator_id) ?? register.operators[0];
  const samples: SampleToken[] = [
    { token: newToken(), role: "staff", name: "Alliance staff (sample)" },
    { token: newToken(), role: "planner", name: "Planner (sample)" },
    ...(operator ? [{ token: newToken(), role: `operator:${operator.operator_id}`, name: `${operator.name_en} (sample)` }] : []),
  ];
  const created_at = createdNow();
  const made = await createTokensFile(tokensPath, knownIds(register), async () => {
    await replaceFile(demoPath, `${JSON.stringify({ about, tokens: samples }, null, 2)}\n`, 0o600);
    return samples.map(({ token, role, name }) => ({ token_sha256: tokenDigest(token), role, name, created_at }));
  });
  return made ? samples : undefined;
}

/**
 * Drops the sample tokens named `name` from the demo file, once revoked, so that it never offers a
 * token that no longer works; returns how many it dropped (0 without the file).
 */
export async function forgetSampleTokens(demoPath: string, name: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(demoPath, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw err;
  }
  const file = JSON.parse(text) as { about: string; tokens: SampleToken[] };
  const kept = file.tokens.filter((t) => t.name !== name);
  if (kept.length < file.tokens.length) await replaceFile(demoPath, `${JSON.stringify({ ...file, tokens: kept }, null, 2)}\n`, 0o600);
  return file.tokens.length - kept.length;
}
