import { IncompleteError, type Runtime, UsageError } from "../../infra/cli/runtime.ts";
import { tableWidth } from "../../infra/cli/terminal-width.ts";
import { openWarehouse } from "../../infra/warehouse/open.ts";
import { answeringOwner } from "../../infra/warehouse/owner-file.ts";
import { type DuplicateDay, duplicatesAnswer, localDuplicatesPath, missingEventTables, storedDuplicates } from "../../ingest/write/stored-duplicates.ts";
import { askOwner } from "./owner-client.ts";
import { renderTable } from "../present/tabular.ts";

const columns = [
  { key: "kind", zh: "类型", en: "kind" },
  { key: "day", zh: "日期", en: "local day" },
  { key: "ids", zh: "重复编号", en: "ids" },
  { key: "rows", zh: "行数", en: "rows" },
  { key: "other_content", zh: "内容不同", en: "other content" },
];

async function checkHere(rt: Runtime): Promise<DuplicateDay[]> {
  const warehouse = await openWarehouse(rt.config, "read");
  try {
    const missing = await missingEventTables(warehouse);
    if (missing.length > 0) throw new UsageError(`the warehouse has no ${missing.join(" or ")} in database ${warehouse.database}; run tourism migrate first`);
    return await storedDuplicates(warehouse);
  } finally {
    await warehouse.close();
  }
}

/** `tourism check`: beside a running `start` or `serve`, that process runs the same statements. */
export async function checkStoredOnce(rt: Runtime, options: { format: "table" | "json" }): Promise<void> {
  const owner = answeringOwner(rt.config);
  const duplicates = owner ? duplicatesAnswer.parse(await askOwner(owner, localDuplicatesPath, {}, undefined)).duplicates : await checkHere(rt);
  const ids = duplicates.reduce((sum, d) => sum + d.ids, 0);
  const extra = duplicates.reduce((sum, d) => sum + d.rows - d.ids, 0);
  if (options.format === "json") process.stdout.write(`${JSON.stringify({ duplicates }, null, 2)}\n`);
  else {
    const notes = [
      "ids: event ids stored more than once, by the local day of their first copy; rows: the rows they fill; other content: ids whose copies differ",
    ];
    const title = `重复存储的事件 Event ids stored more than once: ${ids} (${extra} rows too many)`;
    process.stdout.write(ids === 0 ? "every event id is stored once\n" : renderTable({ title, columns, rows: duplicates, notes }, tableWidth()));
  }
  if (ids > 0) throw new IncompleteError(`${ids} event ids are stored more than once (${extra} rows too many); reports count those events more than once`, 1);
}
