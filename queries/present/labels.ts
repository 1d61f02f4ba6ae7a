import { type WithheldReason, disclosureThreshold, withheldReasons } from "../access/disclosure.ts";
import type { ScopeLabel } from "../reports/schemas.ts";
import { changeText } from "./format.ts";
import { type Cell, type Column, type Kind, withheld, type Words, words } from "./tabular.ts";

const kindLabel = {
  alliance: words("联盟", "Alliance"),
  town: words("镇", "Town"),
  site: words("景点", "Site"),
  operator: words("经营主体", "Operator"),
} as const;

/** "景点 廊下郊野公园" / "Site Langxia Country Park". */
export function scopeTitle(scope: ScopeLabel): Words {
  return words(`${kindLabel[scope.kind].zh} ${scope.name_zh}`, `${kindLabel[scope.kind].en} ${scope.name_en}`);
}

/** A scope, site or line's name as a cell. */
export const nameOf = (named: { name_zh: string; name_en: string }): Words => words(named.name_zh, named.name_en);

/** A column: its key, kind and labels. */
export const column = (key: string, kind: Kind, zh: string, en: string, fileOnly = false): Column => ({
  key,
  kind,
  label: words(zh, en),
  ...(fileOnly ? { fileOnly } : {}),
});

/** A signed change for a note, or "—". */
export const changeWords = (value: number | null): string => (value === null ? "—" : changeText(value));

/** A revenue figure or its change as a cell: the withheld marker when the rule withholds it. */
export function revenueCell(value: Cell, isWithheld: boolean): Cell {
  return isWithheld ? withheld : value;
}

/** Why revenue is withheld, once per distinct reason. */
/** The disclosure rule's reasons in Chinese, by the reason the answers give in English. */
const withheldReasonsZh: Record<WithheldReason, string> = {
  plannerPart: "营业额只按整个镇和全联盟公布，不按单个景点、经营主体或镇的一部分公布（披露规则）",
  operatorOthers: "此数含其他经营主体的销售，既非您自己的，也非全联盟的（披露规则）",
  partialDay: "营业额只按已结束的整日公布，此数含不完整的一天（尚未结束或截至某一时刻）",
  plannerThreshold: `此数中有的日子某镇有销售的经营主体少于 ${disclosureThreshold} 家（门槛规则，按镇按日）`,
  operatorThreshold: `此数中有的日子有销售的其他经营主体少于 ${disclosureThreshold} 家（门槛规则，按日）`,
};
const zhOfReason = new Map<string, string>(Object.entries(withheldReasons).map(([code, en]) => [en, withheldReasonsZh[code as WithheldReason]]));

export function revenueNote(reasons: readonly (string | null)[]): Words[] {
  const distinct = [...new Set(reasons.filter((r): r is string => r !== null))];
  return distinct.map((reason) => words(`营业额按统计披露规则不公开：${zhOfReason.get(reason) ?? reason}。`, `Revenue withheld: ${reason}.`));
}
