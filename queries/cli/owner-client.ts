import { localSecretHeader } from "../../ingest/import/local-import.ts";
import type { DataDirOwner } from "../../infra/warehouse/owner-file.ts";
import { AccessDenied } from "../access/access.ts";
import { ParamError } from "../access/param-error.ts";

/**
 * GET on the owner's API: as the token's holder when a token is given, else as staff through the
 * local secret. Refusals come back as the errors the in-process reports throw, so they read the same;
 * a 404 (no such archived bulletin) is undefined.
 */
export async function askOwner(owner: DataDirOwner, path: string, query: Record<string, string>, token: string | undefined): Promise<unknown> {
  const url = new URL(path, `http://127.0.0.1:${owner.port}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url, { headers: token === undefined ? { [localSecretHeader]: owner.secret } : { authorization: `Bearer ${token}` } });
  return ownerAnswer(owner, path, response);
}

/** POSTs a JSON body to the owner's API, as the token's holder or else as staff through the local secret; answered like askOwner. */
export async function tellOwner(owner: DataDirOwner, path: string, body: unknown, token?: string): Promise<unknown> {
  const response = await fetch(new URL(path, `http://127.0.0.1:${owner.port}`), {
    method: "POST",
    headers: { ...(token === undefined ? { [localSecretHeader]: owner.secret } : { authorization: `Bearer ${token}` }), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return ownerAnswer(owner, path, response);
}

async function ownerAnswer(owner: DataDirOwner, path: string, response: Response): Promise<unknown> {
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body;
  if (response.status === 404) return undefined;
  const error = typeof body === "object" && body !== null && "error" in body ? String(body.error) : `HTTP ${response.status}`;
  const param = /^([a-z_]+): (.*)$/s.exec(error);
  if (response.status === 400 && param) throw new ParamError(param[1]!, param[2]!);
  if (response.status === 401 || response.status === 403)
    throw new AccessDenied(response.status === 401 ? `not a token tourism ${owner.command} knows` : error);
  throw new Error(`tourism ${owner.command} (pid ${owner.pid}) answered ${path}: ${error}`);
}
