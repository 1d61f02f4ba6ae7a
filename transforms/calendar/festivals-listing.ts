import { renderTable } from "../../infra/text-table.ts";
import type { Festival } from "./festivals.ts";

/** `tourism festivals` as text: each festival's id (what `report festival --festival` takes), names, sites and editions. */
export function formatFestivalListing(festivals: readonly Festival[]): string {
  return `${[
    `Festivals (${festivals.length})`,
    renderTable({
      headers: [["festival", "名称", "name", "sites", "editions"]],
      rows: festivals.map((f) => [
        f.festival_id,
        f.name_zh,
        f.name_en,
        f.site_ids.join(","),
        f.editions.map((e) => `${e.year} (${e.start}..${e.end})`).join(", "),
      ]),
    }).trimEnd(),
  ].join("\n")}\n`;
}
