import { replaceFile } from "../../infra/files/replace-file.ts";
import type { Register } from "../../transforms/register/register.ts";
import { createTokensFile, createdNow, newToken } from "../access/tokens-file.ts";
import { knownIds, tokenDigest } from "../access/tokens.ts";

export interface SampleToken {
  token: string;
  role: string;
  name: string;
}

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
