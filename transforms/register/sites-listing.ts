import { renderTable } from "../../infra/text-table.ts";
import type { Register } from "./register.ts";

/** `tourism sites` as text: towns, then sites with their town and operator id, then operators (names in full). */
export function formatRegisterListing(register: Register): string {
  const towns = new Map(register.towns.map((town) => [town.town_id, town]));
  const siteCount = (operatorId: string) => register.sites.filter((site) => site.operator_id === operatorId).length;
  return [
    `Alliance register ${register.version}`,
    "",
    `Towns (${register.towns.length})`,
    renderTable({
      headers: [["town", "名称", "name", "district"]],
      rows: register.towns.map((town) => [town.town_id, town.name_zh, town.name_en, town.district]),
    }),
    `Sites (${register.sites.length})`,
    renderTable({
      headers: [["site", "名称", "name", "kind", "town", "operator", "gates"]],
      rows: register.sites.map((site) => [
        site.site_id,
        site.name_zh,
        site.name_en,
        site.kind,
        `${site.town_id} ${towns.get(site.town_id)?.name_zh ?? ""}`,
        site.operator_id,
        site.gates.join(","),
      ]),
    }),
    `Operators (${register.operators.length})`,
    renderTable({
      headers: [["operator", "名称", "name", "kind", "sites"]],
      rows: register.operators.map((operator) => [
        operator.operator_id,
        operator.name_zh,
        operator.name_en,
        operator.kind,
        String(siteCount(operator.operator_id)),
      ]),
    }),
  ].join("\n");
}
