import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { type EChartsType, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import type { EChartsOption } from "echarts";
import { h } from "./dom.ts";

// Only the parts the views draw are bundled: a smaller script paints the first view sooner.
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

const live = new Set<EChartsType>();
window.addEventListener("resize", () => {
  for (const chart of live) chart.resize();
});

/** Disposes the charts of the view being replaced. */
export function disposeCharts(): void {
  for (const chart of live) chart.dispose();
  live.clear();
}

const pending = new WeakMap<HTMLElement, EChartsOption>();

/** A titled chart panel, drawn by mountCharts once it is in the document; `name` is the test hook (data-chart). */
export function chartPanel(name: string, title: string, option: EChartsOption, height = 320): HTMLElement {
  const canvas = h("div", { class: "chart" });
  canvas.style.height = `${height}px`; // through the CSSOM: the CSP refuses style attributes
  pending.set(canvas, option);
  return h("section", { class: "panel", "data-chart": name }, h("h3", {}, title), canvas);
}

/** Tooltips drawn on the canvas: ECharts' HTML tooltips carry style attributes, which the CSP refuses. */
function onCanvasTooltip(option: EChartsOption): EChartsOption {
  const { tooltip } = option;
  return tooltip && !Array.isArray(tooltip) ? { ...option, tooltip: { ...tooltip, renderMode: "richText" } } : option;
}

/** Draws the pending charts under `root`; ECharts measures its container, so this runs after insertion. */
export function mountCharts(root: HTMLElement): void {
  for (const canvas of root.querySelectorAll<HTMLElement>(".chart")) {
    const option = pending.get(canvas);
    if (!option) continue;
    pending.delete(canvas);
    const chart = init(canvas, undefined, { renderer: "canvas" });
    chart.setOption(onCanvasTooltip(option));
    live.add(chart);
  }
}
