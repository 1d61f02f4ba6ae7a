import { Command, Option } from "commander";
import type { Runtime } from "../../../infra/cli/runtime.ts";
import type { ReportName } from "../../present/report-catalogue.ts";

interface ReportDefinition {
  name: ReportName;
  description: string;
  /** Flags as `--flag <value>` with help. */
  flags: [string, string][];
}

const scopeFlags: [string, string][] = [
  ["--town <town_id>", "one town"],
  ["--site <site_id>", "one site"],
  ["--operator <operator_id>", "one operator"],
];

const reports: ReportDefinition[] = [
  {
    name: "holiday",
    description: "a statutory holiday against the same holiday a year earlier",
    flags: [
      ["--holiday <key>", "new_year|spring_festival|qingming|labour_day|dragon_boat|mid_autumn|national_day (default: the latest with data)"],
      ["--year <year>", "the notice year (default: the latest with data)"],
      ...scopeFlags,
      ["--by <breakdown>", "site|operator (ranked by visitors; by site with a subtotal per town)"],
      ["--baseline <year>", "also compare with this year: the recovery rate (恢复率), e.g. 2019"],
      ["--top <n>", "only the first n rows of the breakdown"],
    ],
  },
  {
    name: "festival",
    description: "a festival edition against last year's; the single-day peak is the headline",
    flags: [
      ["--festival <id>", "festival id, e.g. flower-festival (tourism festivals lists them; default: the latest edition with data)"],
      ["--year <year>", "edition year (default: the latest with data)"],
      ...scopeFlags,
      ["--by <breakdown>", "site|operator (ranked by visitors; by site with a subtotal per town)"],
      ["--baseline <year>", "also compare with this edition: the recovery rate (恢复率), e.g. 2019"],
      ["--top <n>", "only the first n rows of the breakdown"],
    ],
  },
  {
    name: "trend",
    description: "visitors and revenue per day, week or month, year on year",
    flags: [
      ["--from <date>", "first day YYYY-MM-DD"],
      ["--to <date>", "last day YYYY-MM-DD"],
      ["--granularity <g>", "day|week|month (default day)"],
      ["--align <a>", "date|weekday (default date)"],
      ...scopeFlags,
    ],
  },
  {
    name: "growth",
    description: "yearly totals, year on year, against a baseline year, and CAGR",
    flags: [["--from <year>", "first year YYYY"], ["--to <year>", "last year YYYY"], ["--baseline <year>", "baseline year, e.g. 2019"], ...scopeFlags],
  },
  {
    name: "forecast",
    description: "a holiday's visitors forecast day by day with 80 % and 95 % intervals, and the site-days likely to reach 80 % of capacity",
    flags: [
      ["--holiday <key>", "new_year|spring_festival|qingming|labour_day|dragon_boat|mid_autumn|national_day"],
      ["--year <year>", "the notice year"],
      ["--made-on <date>", "forecast as on this date YYYY-MM-DD, from the days before it (default today)"],
      ...scopeFlags,
      ["--by <breakdown>", "site"],
    ],
  },
  {
    name: "live",
    description: "entries, exits and occupancy so far today against capacity and the same time a year earlier",
    flags: [...scopeFlags, ["--at <time>", "a moment of a day, ISO-8601 (naive = Asia/Shanghai), default now"]],
  },
];

function reportSubcommand(report: ReportDefinition, runtime: () => Runtime): Command {
  const command = new Command(report.name).description(report.description);
  for (const [flag, help] of report.flags) command.option(flag, help);
  return command
    .addOption(new Option("--format <format>", "output").choices(["table", "json", "csv", "xlsx"]).default("table"))
    .option("--output <file>", "write to this file instead of stdout (required with --format xlsx)")
    .addOption(new Option("--lang <lang>", "language of table and file headers, names and notes (default: TOURISM_LANG, else zh)").choices(["zh", "en"]))
    .option("--token <token>", "act as this token's holder (default: TOURISM_TOKEN, else staff); prefer TOURISM_TOKEN: arguments are visible to other users")
    .action(async (options: Record<string, unknown>) => (await import("./report-actions.ts")).reportActions[report.name](runtime(), options));
}

/** `tourism report holiday|festival|trend|growth|forecast|live`; each report's work is imported when it runs. */
export function reportCommand(runtime: () => Runtime): Command {
  const report = new Command("report").description("reports: holiday, festival, trend, growth, forecast, live");
  for (const definition of reports) report.addCommand(reportSubcommand(definition, runtime));
  return report;
}
