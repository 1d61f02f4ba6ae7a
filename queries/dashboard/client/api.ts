import type * as z from "zod/mini";
import { errorBodySchema } from "./schemas.ts";

/** An API answer the dashboard cannot use, in words fit to show in the view. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type Query = Record<string, string | number | undefined>;

export function apiPath(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text === "" ? path : `${path}?${text}`;
}

/** GETs a file the API builds (xlsx, text) with the session's token; a non-2xx answer throws ApiError. */
export async function apiBlob(token: string, path: string, query: Query): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(apiPath(path, query), { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    throw new ApiError(`${path}: ${err instanceof Error ? err.message : String(err)}`, 0);
  }
  if (!response.ok) {
    const body = errorBodySchema.safeParse(await response.json().catch(() => null));
    throw new ApiError(`${path}: HTTP ${response.status}${body.success ? ` — ${body.data.error}` : ""}`, response.status);
  }
  return response.blob();
}

/** GETs an API path with the session's token; non-2xx, bad JSON and unexpected shapes all throw ApiError. */
export async function apiGet<T>(token: string, path: string, query: Query, schema: z.ZodMiniType<T>): Promise<T> {
  return apiJson(token, path, { method: "GET", url: apiPath(path, query) }, schema);
}

/** POSTs a JSON body (or none: an action such as acknowledging an alert) with the session's token; answered as apiGet. */
export async function apiPost<T>(token: string, path: string, body: unknown, schema: z.ZodMiniType<T>): Promise<T> {
  return apiJson(token, path, { method: "POST", url: path, body: JSON.stringify(body) }, schema);
}

async function apiJson<T>(token: string, path: string, request: { method: string; url: string; body?: string }, schema: z.ZodMiniType<T>): Promise<T> {
  let response: Response;
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (request.body !== undefined) headers["content-type"] = "application/json";
    response = await fetch(request.url, { method: request.method, headers, body: request.body });
  } catch (err) {
    throw new ApiError(`${path}: ${err instanceof Error ? err.message : String(err)}`, 0);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(`${path}: HTTP ${response.status}, not JSON`, response.status);
  }
  if (!response.ok) {
    const body = errorBodySchema.safeParse(json);
    throw new ApiError(`${path}: HTTP ${response.status}${body.success ? ` — ${body.data.error}` : ""}`, response.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(`${path}: unexpected answer (${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"})`, response.status);
  }
  return parsed.data;
}
