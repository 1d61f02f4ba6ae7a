import { Command } from "commander";
import { openWarehouse } from "../infra/warehouse/open.ts";
import type { Runtime } from "../queries/cli/runtime.ts";
import { migrate } from "./migrate.ts";

/** `tourism migrate`: the schema and reference data. */
export function transformCommands(runtime: () => Runtime): Command[] {
  const migrateCommand = new Command("migrate")
    .description("create or update the warehouse schema and load the reference data; safe to run again")
    .action(async () => {
      const { config, log } = runtime();
      const warehouse = await openWarehouse(config);
      try {
        const applied = await migrate(warehouse, log);
        process.stdout.write(applied.length === 0 ? "schema up to date: no migration to apply\n" : `applied ${applied.length}: ${applied.join(", ")}\n`);
      } finally {
        await warehouse.close();
      }
    });
  return [migrateCommand];
}
