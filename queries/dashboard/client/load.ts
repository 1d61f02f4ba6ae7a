import { mountCharts } from "./chart.ts";
import { errorBox, h } from "./dom.ts";
import type { Translate } from "./i18n.ts";

/**
 * Fills `target` with what `work` builds, showing a loading line meanwhile and the error in words
 * if it fails. `signal` is the lifetime of the view render that owns `target`: once that view is
 * replaced, its late answer touches nothing (the new view has its own target and charts), and the
 * charts drawn here are disposed.
 */
export function loadInto(target: HTMLElement, t: Translate, signal: AbortSignal, work: () => Promise<Node[]>): Promise<void> {
  target.dataset.state = "loading";
  target.replaceChildren(h("p", { class: "loading" }, t("loading")));
  return work().then(
    (nodes) => {
      if (signal.aborted) return;
      target.replaceChildren(...nodes);
      mountCharts(target, signal);
      target.dataset.state = "ready";
    },
    (err: unknown) => {
      if (signal.aborted) return;
      target.replaceChildren(errorBox(t("errorPrefix") + (err instanceof Error ? err.message : String(err))));
      target.dataset.state = "error";
    },
  );
}
