/** For the chart builders' tests: an option's series, typed loosely enough to assert on. */
export type Series = { name: string; type: string; data: unknown[]; yAxisIndex?: number };

export const seriesOf = (option: { series?: unknown }): Series[] => option.series as Series[];
