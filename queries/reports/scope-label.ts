import type { ResolvedScope } from "../access/scope.ts";
import type { ScopeLabel } from "./schemas.ts";

/** A resolved scope as the report's answer names it. */
export function scopeLabel(scope: ResolvedScope): ScopeLabel {
  return { kind: scope.kind, id: scope.id, name_zh: scope.name_zh, name_en: scope.name_en };
}
