import { userInfo } from "node:os";
import { Command, Option } from "commander";
import type { Runtime } from "../../infra/cli/runtime.ts";

/** `tourism alerts [--since] [--site]` and `tourism alerts ack ID`; the work (queries/cli/alerts.ts) is imported when they run. */
export function alertsCommand(runtime: () => Runtime): Command {
  const ack = new Command("ack")
    .description("acknowledge an alert (who and when are recorded)")
    .argument("<id>", "the alert id, as listed")
    .option("--by <name>", "who acknowledges", userInfo().username)
    .action(async (id: string, options: { by: string }) => (await import("./alerts.ts")).acknowledge(runtime(), id, options));

  return new Command("alerts")
    .description("capacity alerts: each change of a site's level (80 % warning, 100 % full), newest first")
    .option("--since <time>", "from this moment, ISO-8601 (naive = Asia/Shanghai)")
    .option("--site <site_id>", "one site")
    .addOption(new Option("--format <format>", "output").choices(["table", "json", "csv"]).default("table"))
    .action(async (options: { since?: string; site?: string; format: "table" | "json" | "csv" }) =>
      (await import("./alerts.ts")).showAlerts(runtime(), options),
    )
    .addCommand(ack);
}
