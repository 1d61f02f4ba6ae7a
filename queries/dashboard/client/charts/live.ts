import type { EChartsOption } from "echarts";
import { type Level, nextLevel } from "../../../../ingest/live/capacity.ts";

/** A site's level now, from the figure alone: the alerts' lines (warning ≥ 80 %, full ≥ 100 %) without their hysteresis. */
export function levelOf(figure: number, capacity: number | null): Level {
  return nextLevel("normal", figure, capacity);
}

export interface ComparisonInput {
  /** Category labels: entries, occupancy. */
  measures: string[];
  today: number[];
  previous: (number | null)[];
  labels: { today: string; previous: string };
}

/** Today's entries and occupancy against the same time of the comparison day, as grouped bars. */
export function liveComparisonOption(input: ComparisonInput): EChartsOption {
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 64, right: 16, top: 40, bottom: 28 },
    xAxis: { type: "category", data: input.measures },
    yAxis: { type: "value" },
    series: [
      { name: input.labels.today, type: "bar", data: input.today, itemStyle: { color: "#c0392b" } },
      { name: input.labels.previous, type: "bar", data: input.previous, itemStyle: { color: "#8c8c8c" } },
    ],
  };
}

export interface HourlyInput {
  hours: { hour: number; entries: number; last_year_entries: number | null }[];
  labels: { today: string; previous: string };
}

/** "09:00" for hour 9. */
export const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/**
 * Today's entries per local hour against the comparison day's same hours, as grouped bars; without
 * a comparison day, today's bars alone (no bars of zero for a day that has no counterpart).
 */
export function liveHourlyOption(input: HourlyInput): EChartsOption {
  const compared = input.hours.some((h) => h.last_year_entries !== null);
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 56, right: 16, top: 40, bottom: 28 },
    xAxis: { type: "category", data: input.hours.map((h) => hourLabel(h.hour)), axisLabel: { hideOverlap: true } },
    yAxis: { type: "value" },
    series: [
      { name: input.labels.today, type: "bar", data: input.hours.map((h) => h.entries), itemStyle: { color: "#c0392b" } },
      ...(compared
        ? [{ name: input.labels.previous, type: "bar" as const, data: input.hours.map((h) => h.last_year_entries), itemStyle: { color: "#8c8c8c" } }]
        : []),
    ],
  };
}
