import type { ScopeLabel } from "../../reports/scope.ts";

const kindLabel = { alliance: "联盟 alliance", town: "镇 town", site: "景点 site", operator: "经营主体 operator" } as const;

export function scopeTitle(scope: ScopeLabel): string {
  return `${kindLabel[scope.kind]} ${scope.name_zh} (${scope.name_en})`;
}

/** A signed percentage for text output, or null. */
export function pct(value: number | null): string | null {
  if (value === null) return null;
  return value > 0 ? `+${value.toFixed(1)}` : value.toFixed(1);
}

export function revenueNote(withheld: boolean): string[] {
  return withheld ? ["营业额不可见 Revenue is not shown for this role at this level."] : [];
}
