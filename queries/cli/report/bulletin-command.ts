import { Command, Option } from "commander";
import type { Runtime } from "../../../infra/cli/runtime.ts";

const tokenOption = ["--token <token>", "act as this token's holder (default: TOURISM_TOKEN, else staff)"] as const;

/**
 * `tourism report bulletin`: the evening holiday bulletin; `tourism bulletins`: the archive. Each
 * action imports its work (bulletin-actions.ts) when it runs.
 */
export function bulletinCommand(runtime: () => Runtime): Command {
  return new Command("bulletin")
    .description("the holiday bulletin (假日旅游统计日报): the holiday so far against the same days and hour of last year's")
    .option("--holiday <key>", "new_year|spring_festival|qingming|labour_day|dragon_boat|mid_autumn|national_day")
    .option("--year <year>", "the notice year")
    .option("--date <date>", "the bulletin's day YYYY-MM-DD within the holiday (default: today, or the holiday's last day)")
    .option("--as-of <HH:MM>", "count events before this hour on that day (default 24:00, the whole day)")
    .option("--town <town_id>", "one town")
    .option("--site <site_id>", "one site")
    .option("--operator <operator_id>", "one operator")
    .option("--lang <lang>", "zh|en (default zh)")
    .addOption(new Option("--format <format>", "output").choices(["text", "json", "md", "xlsx", "docx"]).default("text"))
    .option("--output <file>", "write to this file instead of stdout (required with --format xlsx or docx)")
    .option("--archive", "file the bulletin as sent (tourism bulletins lists the archive); beside a running start/run/serve, through it")
    .option("--accept-incomplete", "with --archive: file it even though some sites' counts cannot be cut at --as-of (it names them)")
    .option(...tokenOption)
    .action(async (options: Record<string, unknown>) => (await import("./bulletin-actions.ts")).bulletinAction(runtime(), options));
}

/** `tourism bulletins [--holiday] [--year]` and `tourism bulletins show ID`: the archive as sent. */
export function bulletinsCommand(runtime: () => Runtime): Command {
  const list = new Command("bulletins")
    .description("archived holiday bulletins, newest first")
    .option("--holiday <key>", "only this holiday")
    .option("--year <year>", "only this year")
    .addOption(new Option("--format <format>", "output").choices(["table", "json"]).default("table"))
    .addOption(new Option("--lang <lang>", "language of the table (default: TOURISM_LANG, else zh)").choices(["zh", "en"]))
    .option(...tokenOption)
    .action(async (options: Record<string, unknown>) => (await import("./bulletin-actions.ts")).listArchive(runtime(), options));
  list
    .command("show")
    .description("one archived bulletin, as it was sent")
    .argument("<id>", "the bulletin id")
    .addOption(new Option("--format <format>", "output").choices(["text", "json"]).default("text"))
    .option(...tokenOption)
    .action(async (id: string, options: Record<string, unknown>) => (await import("./bulletin-actions.ts")).showArchived(runtime(), id, options));
  return list;
}
