import { randomBytes } from "node:crypto";
import { access, writeFile } from "node:fs/promises";
import type { Register } from "../../transforms/register/register.ts";

const newToken = () => randomBytes(24).toString("base64url");

/**
 * Creates a tokens file with one token per role (staff, planner, and the operator of the first
 * site) unless the file exists. Mode 0600: the tokens are the API's keys. Returns whether it wrote.
 */
export async function ensureSampleTokens(path: string, register: Register, preferredSite: string): Promise<boolean> {
  try {
    await access(path);
    return false;
  } catch {
    // no file yet: create it
  }
  const site = register.sites.find((s) => s.site_id === preferredSite) ?? register.sites[0];
  const operator = register.operators.find((o) => o.operator_id === site?.operator_id) ?? register.operators[0];
  const tokens = [
    { token: newToken(), role: "staff", name: "Alliance staff (sample)" },
    { token: newToken(), role: "planner", name: "Planner (sample)" },
    ...(operator ? [{ token: newToken(), role: `operator:${operator.operator_id}`, name: `${operator.name_en} (sample)` }] : []),
  ];
  await writeFile(path, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return true;
}
