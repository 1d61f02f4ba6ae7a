import type { EChartsOption } from "echarts";
import { type Granularity, isoWeek } from "../../../metrics/periods.ts";
import { formatCount } from "../format.ts";
import type { Locale } from "../i18n.ts";
import { exactTooltip, type Measure, valueAxis, yAxisOf } from "./value-axis.ts";

export interface HolidaySpan {
  name: string;
  start: string;
  end: string;
}

export interface TrendMark {
  name: string;
  from: string;
  to: string;
}

function periodOf(date: string, granularity: Granularity): string {
  if (granularity === "day") return date;
  if (granularity === "month") return date.slice(0, 7);
  return isoWeek(date);
}

/**
 * The holidays that fall within the chart, as runs of its x categories ('2024-04-05', '2024-W14'
 * or '2024-04', the API's period labels), clipped to the first and last category.
 */
export function holidayMarks(categories: readonly string[], holidays: readonly HolidaySpan[], granularity: Granularity): TrendMark[] {
  const first = categories[0];
  const last = categories[categories.length - 1];
  if (first === undefined || last === undefined) return [];
  const marks: TrendMark[] = [];
  for (const holiday of holidays) {
    const from = periodOf(holiday.start, granularity);
    const to = periodOf(holiday.end, granularity);
    if (to < first || from > last) continue;
    marks.push({ name: holiday.name, from: from < first ? first : from, to: to > last ? last : to });
  }
  return marks;
}

export interface TrendInput {
  periods: string[];
  current: (number | null)[];
  previous: (number | null)[];
  marks: TrendMark[];
  labels: { current: string; previous: string; value: string; holiday: string };
  locale: Locale;
  measure: Measure;
}

/**
 * Holiday shading as full-width bars on a hidden 0–1 axis, one per marked category, named on the
 * first: a markArea between a category and itself would have no width at week or month level.
 */
function holidayBand(periods: readonly string[], marks: readonly TrendMark[]): ({ value: number; label?: { show: boolean; formatter: string } } | null)[] {
  const band: ({ value: number; label?: { show: boolean; formatter: string } } | null)[] = periods.map(() => null);
  for (const mark of marks) {
    const from = periods.indexOf(mark.from);
    const to = periods.indexOf(mark.to);
    for (let i = from; i >= 0 && i <= to; i++) band[i] = i === from ? { value: 1, label: { show: true, formatter: mark.name } } : { value: 1 };
  }
  return band;
}

/** This year's line with last year's overlaid (dashed) and the holidays shaded. */
export function trendOption(input: TrendInput): EChartsOption {
  const axis = valueAxis(input.locale, input.measure, input.labels.value, [...input.current, ...input.previous]);
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 72, right: 64, top: 56, bottom: 28 },
    // A year of days or weeks: ECharts picks an interval; labels that would still touch are hidden.
    xAxis: { type: "category", data: input.periods, axisLabel: { hideOverlap: true } },
    yAxis: [yAxisOf(axis), { type: "value", min: 0, max: 1, show: false }],
    series: [
      {
        name: input.labels.holiday,
        type: "bar",
        yAxisIndex: 1,
        barWidth: "100%",
        silent: true,
        tooltip: { show: false },
        data: holidayBand(input.periods, input.marks),
        itemStyle: { color: "rgba(230, 126, 34, 0.16)" },
        label: { position: "insideTop", fontSize: 11, color: "#a04000" },
        labelLayout: { hideOverlap: true },
      },
      {
        name: input.labels.current,
        type: "line",
        data: input.current,
        itemStyle: { color: "#c0392b" },
        showSymbol: input.periods.length <= 62,
        tooltip: exactTooltip(axis),
        // The latest figure is read without hovering.
        endLabel: { show: true, formatter: ({ value }: { value: unknown }) => formatCount(typeof value === "number" ? value : null) },
      },
      {
        name: input.labels.previous,
        type: "line",
        data: input.previous,
        itemStyle: { color: "#7f8c8d" },
        lineStyle: { type: "dashed" },
        showSymbol: false,
        tooltip: exactTooltip(axis),
      },
    ],
  };
}
