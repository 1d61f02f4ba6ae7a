import { z } from "zod";
import { type WireEvent, expectedTotals, testSites } from "./events.ts";

const trendAnswer = z.object({
  rows: z.array(z.object({ period: z.string(), visitors: z.number().nullable(), revenue_fen: z.number().nullable() })),
});

/** Visitors and revenue per "day|site" as the trend report answers them, over the days the test events fall on. */
export async function reportedTotals(get: (path: string) => Promise<unknown>): Promise<Map<string, { visitors: number; revenue_fen: number }>> {
  const totals = new Map<string, { visitors: number; revenue_fen: number }>();
  for (const { site_id } of testSites) {
    for (const row of trendAnswer.parse(await get(`/api/reports/trend?from=2024-04-02&to=2024-04-07&site=${site_id}`)).rows) {
      if (row.visitors === null) continue; // no data that day
      totals.set(`${row.period}|${site_id}`, { visitors: row.visitors, revenue_fen: row.revenue_fen ?? 0 });
    }
  }
  return new Map([...totals].sort());
}

/** What the trend report should answer for these events, summed from them independently of the pipeline. */
export function expectedReportTotals(events: readonly WireEvent[]): Map<string, { visitors: number; revenue_fen: number }> {
  return new Map([...expectedTotals(events)].map(([key, t]) => [key, { visitors: t.visitors, revenue_fen: t.revenue_fen }] as const).sort());
}
