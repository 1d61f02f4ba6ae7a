import { IncompleteError, type Runtime, UsageError } from "../../infra/cli/runtime.ts";
import { tableWidth } from "../../infra/cli/terminal-width.ts";
import { openWarehouse } from "../../infra/warehouse/open.ts";
import { answeringOwner } from "../../infra/warehouse/owner-file.ts";
import { type DuplicateDay, duplicatesAnswer, localDuplicatesPath, missingEventTables, storedDuplicates } from "../../ingest/write/stored-duplicates.ts";
import { askOwner } from "./owner-client.ts";
import { column } from "../present/labels.ts";
import { renderTable, words } from "../present/tabular.ts";

const columns = [
  column("kind", "text", "类型", "Kind"),
  column("day", "date", "日期", "Local day"),
  column("ids", "count", "重复编号", "IDs"),
  column("rows", "count", "行数", "Rows"),
  column("other_content", "count", "内容不同", "Other content"),
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
      words(
        "重复编号：存储不止一次的事件编号，按首份的本地日期；行数：它们占的行；内容不同：各份内容不同的编号",
        "IDs: event ids stored more than once, by the local day of their first copy; rows: the rows they fill; other content: ids whose copies differ",
      ),
    ];
    const title = words(`重复存储的事件：${ids} 个编号（多 ${extra} 行）`, `Event ids stored more than once: ${ids} (${extra} rows too many)`);
    process.stdout.write(
      ids === 0 ? "every event id is stored once\n" : renderTable({ title, columns, rows: duplicates, notes }, rt.config.TOURISM_LANG, tableWidth()),
    );
  }
  if (ids > 0) throw new IncompleteError(`${ids} event ids are stored more than once (${extra} rows too many); reports count those events more than once`, 1);
}
