import type { Access } from "../access/access.ts";
import { type LiveOptions, liveReport } from "../live/live.ts";
import type { ReportContext } from "../reports/context.ts";
import { festivalReport } from "../reports/festival.ts";
import { forecastReport } from "../reports/forecast.ts";
import { growthReport } from "../reports/growth.ts";
import { holidayReport } from "../reports/holiday.ts";
import { type ReportParamSchemas, parseParams } from "../reports/params.ts";
import { trendReport } from "../reports/trend.ts";
import { comparisonView } from "./comparison-view.ts";
import { forecastView } from "./forecast-view.ts";
import { growthView } from "./growth-view.ts";
import { liveView } from "./live-view.ts";
import type { Tabular } from "./tabular.ts";
import { trendView } from "./trend-view.ts";

/**
 * One report as the API serves it and the CLI prints it: the same parameters, answer and tables
 * in both, so the CLI can also ask a running owner's API for it.
 */
export interface ReportEntry<P, R> {
  /** The API path that answers it as JSON (or as xlsx with ?format=xlsx). */
  api: string;
  /** Query or flag values (strings) through the report's zod schema. */
  parse(schemas: ReportParamSchemas, raw: Record<string, unknown>): P;
  run(ctx: ReportContext, access: Access, params: P, live: LiveOptions): Promise<R>;
  /** One table, or several (a sheet each in xlsx, one after another in text and CSV). */
  view(report: R): Tabular | Tabular[];
}

const entry = <P, R>(report: ReportEntry<P, R>) => report;

/** The reports by name: `tourism report NAME` and its API path. */
export const reportCatalogue = {
  holiday: entry({
    api: "/api/reports/holiday",
    parse: (schemas, raw) => parseParams(schemas.holiday, raw),
    run: holidayReport,
    view: comparisonView,
  }),
  festival: entry({
    api: "/api/reports/festival",
    parse: (schemas, raw) => parseParams(schemas.festival, raw),
    run: festivalReport,
    view: comparisonView,
  }),
  trend: entry({
    api: "/api/reports/trend",
    parse: (schemas, raw) => parseParams(schemas.trend, raw),
    run: trendReport,
    view: trendView,
  }),
  growth: entry({
    api: "/api/reports/growth",
    parse: (schemas, raw) => parseParams(schemas.growth, raw),
    run: growthReport,
    view: growthView,
  }),
  forecast: entry({
    api: "/api/reports/forecast",
    parse: (schemas, raw) => parseParams(schemas.forecast, raw),
    run: forecastReport,
    view: forecastView,
  }),
  live: entry({
    api: "/api/live",
    parse: (schemas, raw) => parseParams(schemas.live, raw),
    run: liveReport,
    view: liveView,
  }),
};

export type ReportName = keyof typeof reportCatalogue;

/** A report's answer as the tables its view lays out. */
export const reportTables = <R>(report: Pick<ReportEntry<unknown, R>, "view">, answer: R): Tabular[] => [report.view(answer)].flat();
