import { writeFile } from "node:fs/promises";
import { Command, Option } from "commander";
import { DateTime } from "luxon";
import { AccessDenied, type Access, cliStaff } from "../../access/access.ts";
import { localToday } from "../../../ingest/contracts/time.ts";
import { loadTokenBook } from "../../access/tokens.ts";
import type { ReportContext } from "../../reports/context.ts";
import { festivalReport } from "../../reports/festival.ts";
import { growthReport } from "../../reports/growth.ts";
import { holidayReport } from "../../reports/holiday.ts";
import { loadReportReference, openReportContext } from "../../reports/open-context.ts";
import { ParamError } from "../../reports/param-error.ts";
import { type ReportParamSchemas, parseParams, reportParamSchemas } from "../../reports/params.ts";
import { trendReport } from "../../reports/trend.ts";
import { liveReport } from "../../live/live.ts";
import { liveView } from "./live-view.ts";
import { askOwner } from "../owner-client.ts";
import { type DataDirOwner, answeringOwner } from "../../../infra/warehouse/owner-file.ts";
import { type Runtime, UsageError } from "../../../infra/cli/runtime.ts";
import { comparisonView } from "./comparison-view.ts";
import { growthView } from "./growth-view.ts";
import { type Tabular, renderCsv, renderTable } from "./tabular.ts";
import { trendView } from "./trend-view.ts";
import { toXlsx, xlsxSheets } from "../../export/xlsx.ts";

type Format = "table" | "json" | "csv" | "xlsx";

interface ReportSpec<P, R> {
  name: string;
  /** The API path that answers the same report as JSON (asked when a running `start` or `serve` owns the data). */
  api: string;
  description: string;
  /** Flags as `--flag <value>` with help; values reach the report's zod schema as strings. */
  flags: [string, string][];
  parse(schemas: ReportParamSchemas, raw: Record<string, string>): P;
  run(ctx: ReportContext, access: Access, params: P): Promise<R>;
  /** One table, or several (a sheet each in xlsx, one after another in text and CSV). */
  view(report: R): Tabular | Tabular[];
}

const scopeFlags: [string, string][] = [
  ["--town <town_id>", "one town"],
  ["--site <site_id>", "one site"],
  ["--operator <operator_id>", "one operator"],
];

/** commander's camelCase option names back to the reports' parameter names (fromYear → from_year). */
export function rawParams(options: Record<string, unknown>): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) {
    if (name === "format" || name === "token" || name === "output" || typeof value !== "string") continue;
    raw[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  }
  return raw;
}

/** The token from --token, else from TOURISM_TOKEN (which keeps it out of the process list); none: staff. */
export async function cliAccess(runtime: Runtime, ctx: ReportContext, flag: string | undefined): Promise<Access> {
  const token = flag ?? runtime.config.TOURISM_TOKEN;
  if (token === undefined) return cliStaff;
  const source = flag === undefined ? "TOURISM_TOKEN" : "--token";
  const path = runtime.config.TOURISM_TOKENS;
  if (!path) throw new UsageError(`${source}: TOURISM_TOKENS is not set, so no token can be checked`);
  const book = await loadTokenBook(path, new Set(ctx.register.operators.map((o) => o.operator_id)), runtime.log.child({ module: "tokens" }));
  const access = book.lookup(token);
  if (!access) throw new UsageError(`${source}: not a token in TOURISM_TOKENS`);
  return access;
}

/** Several CSV tables are separated by an empty line; only the first carries the byte-order mark. */
const csvTables = (views: readonly Tabular[]) => views.map((view, i) => (i === 0 ? renderCsv(view) : renderCsv(view).replace(/^\uFEFF/, ""))).join("\r\n");

async function render<R>(name: string, toView: (report: R) => Tabular | Tabular[], report: R, format: Format): Promise<string | Buffer> {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  const views = [toView(report)].flat();
  if (format === "xlsx") return toXlsx(xlsxSheets(name, views), new Date().toISOString());
  return format === "csv" ? csvTables(views) : views.map(renderTable).join("\n");
}

/** A spreadsheet is never written to a terminal: xlsx needs --output. */
export function checkOutput(format: unknown, output: unknown): void {
  if (format === "xlsx" && typeof output !== "string") throw new UsageError("--output: required with --format xlsx (the file to write)");
}

/** To the --output file when given, else to stdout. */
export async function emit(content: string | Buffer, output: unknown): Promise<void> {
  if (typeof output === "string") await writeFile(output, content);
  else process.stdout.write(content);
}

/** `tokenFrom`: where the token came from (--token or TOURISM_TOKEN), named in an access error. */
export function usage(err: unknown, tokenFrom = "--token"): unknown {
  if (err instanceof ParamError) return new UsageError(`--${err.param.replace(/_/g, "-")}: ${err.detail}`);
  if (err instanceof AccessDenied) return new UsageError(`${tokenFrom}: ${err.message}`);
  return err;
}

/** The answer of the running owner of the data directory, as the token's holder (--token, TOURISM_TOKEN) or staff. */
export async function ownerAnswer<T>(runtime: Runtime, owner: DataDirOwner, path: string, query: Record<string, string>, flag: string | undefined): Promise<T> {
  try {
    return (await askOwner(owner, path, query, flag ?? runtime.config.TOURISM_TOKEN)) as T;
  } catch (err) {
    throw usage(err, flag === undefined ? "TOURISM_TOKEN" : "--token");
  }
}

function reportSubcommand<P, R>(spec: ReportSpec<P, R>, runtime: () => Runtime): Command {
  const command = new Command(spec.name).description(spec.description);
  for (const [flag, help] of spec.flags) command.option(flag, help);
  command
    .addOption(new Option("--format <format>", "output").choices(["table", "json", "csv", "xlsx"]).default("table"))
    .option("--output <file>", "write to this file instead of stdout (required with --format xlsx)")
    .option("--token <token>", "act as this token's holder (default: TOURISM_TOKEN, else staff); prefer TOURISM_TOKEN: arguments are visible to other users")
    .action(async (options: Record<string, unknown>) => {
      const rt = runtime();
      checkOutput(options.format, options.output);
      // The data files first (holiday years are checked against the calendar), then the values:
      // wrong ones fail before the warehouse opens.
      const reference = await loadReportReference(rt.config);
      let params: P;
      try {
        params = spec.parse(
          reportParamSchemas(() => localToday(), reference.calendar),
          rawParams(options),
        );
      } catch (err) {
        throw usage(err);
      }
      const flag = typeof options.token === "string" ? options.token : undefined;
      const owner = answeringOwner(rt.config);
      if (owner) {
        const report = await ownerAnswer<R>(rt, owner, spec.api, rawParams(options), flag);
        await emit(await render(spec.name, spec.view, report, options.format as Format), options.output);
        return;
      }
      const ctx = await openReportContext(rt.config, "read", reference);
      try {
        const access = await cliAccess(rt, ctx, flag);
        const report = await spec.run(ctx, access, params);
        await emit(await render(spec.name, spec.view, report, options.format as Format), options.output);
      } catch (err) {
        throw usage(err, flag === undefined ? "TOURISM_TOKEN" : "--token");
      } finally {
        await ctx.warehouse.close();
      }
    });
  return command;
}

/** `tourism report holiday|festival|trend|growth`. */
export function reportCommand(runtime: () => Runtime): Command {
  const subcommands = [
    reportSubcommand(
      {
        name: "holiday",
        api: "/api/reports/holiday",
        description: "a statutory holiday against the same holiday a year earlier",
        flags: [
          ["--holiday <key>", "new_year|spring_festival|qingming|labour_day|dragon_boat|mid_autumn|national_day"],
          ["--year <year>", "the notice year"],
          ...scopeFlags,
          ["--by <breakdown>", "site|operator"],
          ["--baseline <year>", "also compare with this year"],
        ],
        parse: (schemas, raw) => parseParams(schemas.holiday, raw),
        run: holidayReport,
        view: comparisonView,
      },
      runtime,
    ),
    reportSubcommand(
      {
        name: "festival",
        api: "/api/reports/festival",
        description: "a festival edition against last year's; the single-day peak is the headline",
        flags: [
          ["--festival <id>", "festival id, e.g. flower-festival"],
          ["--year <year>", "edition year"],
          ...scopeFlags,
          ["--by <breakdown>", "site|operator"],
          ["--baseline <year>", "also compare with this edition"],
        ],
        parse: (schemas, raw) => parseParams(schemas.festival, raw),
        run: festivalReport,
        view: comparisonView,
      },
      runtime,
    ),
    reportSubcommand(
      {
        name: "trend",
        api: "/api/reports/trend",
        description: "visitors and revenue per day, week or month, year on year",
        flags: [
          ["--from <date>", "first day YYYY-MM-DD"],
          ["--to <date>", "last day YYYY-MM-DD"],
          ["--granularity <g>", "day|week|month (default day)"],
          ["--align <a>", "date|weekday (default date)"],
          ...scopeFlags,
        ],
        parse: (schemas, raw) => parseParams(schemas.trend, raw),
        run: trendReport,
        view: trendView,
      },
      runtime,
    ),
    reportSubcommand(
      {
        name: "growth",
        api: "/api/reports/growth",
        description: "yearly totals, year on year, against a baseline year, and CAGR",
        flags: [["--from-year <year>", "first year"], ["--to-year <year>", "last year"], ["--baseline <year>", "baseline year, e.g. 2019"], ...scopeFlags],
        parse: (schemas, raw) => parseParams(schemas.growth, raw),
        run: growthReport,
        view: growthView,
      },
      runtime,
    ),
    reportSubcommand(
      {
        name: "live",
        api: "/api/live",
        description: "entries, exits and occupancy so far today against capacity and the same time a year earlier",
        flags: [...scopeFlags, ["--at <time>", "a moment of a day, ISO-8601 (naive = Asia/Shanghai), default now"]],
        parse: (schemas, raw) => parseParams(schemas.live, raw),
        run: (ctx, access, params) =>
          liveReport(ctx, access, params, { clock: () => DateTime.now(), staleMinutes: runtime().config.TOURISM_LIVE_STALE_MINUTES }),
        view: liveView,
      },
      runtime,
    ),
  ];
  const report = new Command("report").description("reports: holiday, festival, trend, growth, live");
  for (const command of subcommands) report.addCommand(command);
  return report;
}
