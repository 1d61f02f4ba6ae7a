import type { ScopeLabel } from "../reports/schemas.ts";
import { type Cell, withheld } from "./tabular.ts";

const kindLabel = { alliance: "联盟 alliance", town: "镇 town", site: "景点 site", operator: "经营主体 operator" } as const;

export function scopeTitle(scope: ScopeLabel): string {
  return `${kindLabel[scope.kind]} ${scope.name_zh} (${scope.name_en})`;
}

/** A signed percentage for text output, or null. */
export function pct(value: number | null): string | null {
  if (value === null) return null;
  return value > 0 ? `+${value.toFixed(1)}` : value.toFixed(1);
}

/** A revenue figure or its percentage as a cell: the withheld marker when the rule withholds it. */
export function revenueCell(value: Cell, isWithheld: boolean): Cell {
  return isWithheld ? withheld : value;
}

/** Why revenue is withheld, once per distinct reason. */
export function revenueNote(reasons: readonly (string | null)[]): string[] {
  const distinct = [...new Set(reasons.filter((r): r is string => r !== null))];
  return distinct.map((reason) => `营业额不公开（统计披露规则） Revenue withheld: ${reason}.`);
}
