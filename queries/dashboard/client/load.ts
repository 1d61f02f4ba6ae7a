import { disposeCharts, mountCharts } from "./chart.ts";
import { errorBox, h } from "./dom.ts";
import type { Translate } from "./i18n.ts";

/**
 * Fills `target` with what `work` builds, showing a loading line meanwhile and the error in words
 * if it fails. A newer load into the same target wins over a slower older one.
 */
export function loadInto(target: HTMLElement, t: Translate, work: () => Promise<Node[]>): Promise<void> {
  const generation = String(Number(target.dataset.generation ?? "0") + 1);
  target.dataset.generation = generation;
  target.dataset.state = "loading";
  target.replaceChildren(h("p", { class: "loading" }, t("loading")));
  return work().then(
    (nodes) => {
      if (target.dataset.generation !== generation) return;
      disposeCharts();
      target.replaceChildren(...nodes);
      mountCharts(target);
      target.dataset.state = "ready";
    },
    (err: unknown) => {
      if (target.dataset.generation !== generation) return;
      disposeCharts();
      target.replaceChildren(errorBox(t("errorPrefix") + (err instanceof Error ? err.message : String(err))));
      target.dataset.state = "error";
    },
  );
}
