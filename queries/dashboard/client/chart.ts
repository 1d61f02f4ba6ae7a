import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { type EChartsType, getInstanceByDom, init, use } from "echarts/core";
import { LabelLayout } from "echarts/features";
import { CanvasRenderer } from "echarts/renderers";
import type { EChartsOption } from "echarts";
import { h } from "./dom.ts";

// Only the parts the views draw are bundled: a smaller script paints the first view sooner.
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, LabelLayout, CanvasRenderer]);

// What the full ECharts build offers on window, reduced to reading a drawn chart: lets scripts and
// the browser tests compare a chart's series with its table.
(window as { echarts?: { getInstanceByDom: typeof getInstanceByDom } }).echarts = { getInstanceByDom };

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

/**
 * Draws the pending charts under `root` once each container has a size (ECharts measures it, and a
 * container laid out at zero width would stay blank), follows later size changes (window resizes,
 * a phone turned), and disposes the charts when `signal` aborts: when the view that owns them is replaced.
 */
export function mountCharts(root: HTMLElement, signal: AbortSignal): void {
  for (const canvas of root.querySelectorAll<HTMLElement>(".chart")) {
    const option = pending.get(canvas);
    if (!option) continue;
    pending.delete(canvas);
    let chart: EChartsType | undefined;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry || entry.contentRect.width === 0 || entry.contentRect.height === 0) return;
      if (chart) return chart.resize();
      chart = init(canvas, undefined, { renderer: "canvas" });
      chart.setOption(onCanvasTooltip(option));
    });
    observer.observe(canvas);
    signal.addEventListener(
      "abort",
      () => {
        observer.disconnect();
        chart?.dispose();
      },
      { once: true },
    );
  }
}
