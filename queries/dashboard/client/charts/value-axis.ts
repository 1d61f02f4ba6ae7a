import { missing } from "../format.ts";
import type { Locale } from "../i18n.ts";

/** What a chart's values count: people, whole; or money in yuan, exact to the fen. */
export type Measure = "people" | "yuan";

export interface ValueAxis {
  /** The axis name: the unit its labels are in ("万人次", "万元"; "visitors", "CNY"). */
  name: string;
  /** An axis label, short: 25,000,000 yuan is "2,500" on a 万元 axis, "25M" in English. */
  label: (value: number) => string;
  /** A tooltip's exact figure: whole people ("57,505"), or yuan to the fen ("25,000,000.50 元"). */
  exact: (value: unknown) => string;
}

const upTo = (digits: number) => new Intl.NumberFormat("zh-CN", { maximumFractionDigits: digits });
const whole = upTo(0);
const onePlace = upTo(1);
const twoPlaces = upTo(2);
const fen = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The value axis of a chart whose largest figure is the largest of `values`: from 10,000 up, in 万
 * (Chinese, the unit named on the axis) or K and M (English), so labels stay a few characters long.
 */
export function valueAxis(locale: Locale, measure: Measure, unit: string, values: readonly (number | null | undefined)[]): ValueAxis {
  const largest = Math.max(0, ...values.map((v) => Math.abs(v ?? 0)));
  const exact = (value: unknown) =>
    typeof value !== "number" ? missing : measure === "people" ? whole.format(Math.round(value)) : `${fen.format(value)} ${unit}`;
  const plain = measure === "people" ? whole : twoPlaces;
  if (largest < 10_000) return { name: unit, label: (v) => plain.format(v), exact };
  if (locale === "zh") return { name: `万${unit}`, label: (v) => twoPlaces.format(v / 10_000), exact };
  if (largest < 1_000_000) return { name: unit, label: (v) => (v === 0 ? "0" : `${onePlace.format(v / 1_000)}K`), exact };
  return { name: unit, label: (v) => (v === 0 ? "0" : `${twoPlaces.format(v / 1_000_000)}M`), exact };
}

/** The y axis of an ECharts option from a ValueAxis. */
export const yAxisOf = (axis: ValueAxis) => ({ type: "value" as const, name: axis.name, axisLabel: { formatter: axis.label } });

/** An average line's label: rounded to whole people (or yuan) and written as the axis writes it. */
export const averageLabel =
  (axis: ValueAxis) =>
  ({ value }: { value: unknown }) =>
    typeof value === "number" ? axis.label(Math.round(value)) : missing;

/** A series' tooltip: its exact figure, whatever the axis shows. */
export const exactTooltip = (axis: ValueAxis) => ({ valueFormatter: (value: unknown) => axis.exact(value) });
