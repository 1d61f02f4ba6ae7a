import { Command, Option } from "commander";
import type { Runtime } from "../../infra/cli/runtime.ts";

/** `tourism check`: the work (check.ts) is imported when it runs. */
export function checkCommand(runtime: () => Runtime): Command {
  return new Command("check")
    .description("event ids stored more than once, per kind and local day; exit 1 when there are any, 0 when none")
    .addOption(new Option("--format <format>", "output").choices(["table", "json"]).default("table"))
    .action(async (options: { format: "table" | "json" }) => (await import("./check.ts")).checkStoredOnce(runtime(), options));
}
